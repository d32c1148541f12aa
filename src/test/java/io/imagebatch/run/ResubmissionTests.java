package io.imagebatch.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResubmissionTests {

	@Test
	void anItemsOwnEditWinsOverAChangeForEveryItem() {
		// given
		Resubmission resubmission = new Resubmission("run", Set.of(), Set.of(), Map.of("Model", "gpt-image-1"),
				Map.of("a", Map.of("model", "dall-e-3", "prompt", "Fixed")));

		// when
		Map<String, String> a = resubmission.apply("a", columns("id", "a", "prompt", "Old", "model", "dall-e-2"));
		Map<String, String> b = resubmission.apply("b", columns("id", "b", "prompt", "Other", "model", "dall-e-2"));

		// then
		assertThat(a).containsEntry("model", "dall-e-3").containsEntry("prompt", "Fixed");
		assertThat(b).containsEntry("model", "gpt-image-1").containsEntry("prompt", "Other");
	}

	@Test
	void aBlankValueRemovesTheColumnAndTheIdNeverChanges() {
		// given
		Resubmission resubmission = new Resubmission("run", Set.of(), Set.of(), Map.of("style", " "),
				Map.of("a", Map.of("id", "other")));

		// when
		Map<String, String> edited = resubmission.apply("a", columns("id", "a", "prompt", "P", "style", "vivid"));

		// then
		assertThat(edited).containsExactly(Map.entry("id", "a"), Map.entry("prompt", "P"));
	}

	@Test
	void theIdOrANameThatIsNoColumnCannotBeSet() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Resubmission("run", Set.of(), Set.of(), Map.of("id", "x"), Map.of()))
			.withMessageContaining("column 'id' cannot be changed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Resubmission("run", Set.of(), Set.of(), Map.of("my column", "x"), Map.of()))
			.withMessageContaining("column 'my column' cannot be changed");
	}

	@Test
	void itemsAreChosenByErrorTypeOrIdAndEditedByAnyChange() {
		Resubmission everything = new Resubmission("run", Set.of(), Set.of(), Map.of(), Map.of("a", Map.of()));
		Resubmission byType = new Resubmission("run", Set.of(ErrorType.TRANSIENT), Set.of(), Map.of("n", "1"),
				Map.of());

		assertThat(everything.chosen()).isFalse();
		assertThat(everything.edits("a")).isTrue();
		assertThat(everything.edits("b")).isFalse();
		assertThat(byType.chosen()).isTrue();
		assertThat(byType.edits("b")).isTrue();
	}

	private static Map<String, String> columns(String... pairs) {
		Map<String, String> columns = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			columns.put(pairs[i], pairs[i + 1]);
		}
		return columns;
	}

}
