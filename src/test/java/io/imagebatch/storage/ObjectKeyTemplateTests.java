package io.imagebatch.storage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObjectKeyTemplateTests {

	private static final ObjectKeyTemplate DEFAULT = new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, "images/");

	@Test
	void rendersTheDefaultLayoutUnderThePrefix() {
		// when
		String key = DEFAULT.render(anImage().item("sku-42").index(2).build(), Map.of());

		// then
		assertThat(key).isEqualTo("images/run-7/sku-42/2.png");
	}

	@Test
	void leavesThePrefixAsConfigured() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, "team a/out/");

		// when
		String key = template.render(anImage().build(), Map.of());

		// then
		assertThat(key).isEqualTo("team a/out/run-7/sku-1/0.png");
	}

	@Test
	void percentEncodesTheUtf8OfCharactersThatAreNotSafeInAKey() {
		// when
		String key = DEFAULT.render(anImage().item("a/b c é").build(), Map.of());

		// then
		assertThat(key).isEqualTo("images/run-7/a%2Fb%20c%20%C3%A9/0.png");
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "../../etc", "a/../../b", "/", "a/b" })
	void keepsEveryIdInsideItsRunsFolder(String id) {
		// when
		String key = DEFAULT.render(anImage().item(id).build(), Map.of());

		// then
		String item = key.substring("images/run-7/".length(), key.lastIndexOf('/'));
		assertThat(key).startsWith("images/run-7/").endsWith("/0.png");
		assertThat(item).doesNotContain("/").isNotIn(".", "..");
	}

	@Test
	void encodesAnIdOfDotsWholeSoThatItNamesNoFolder() {
		// when
		String dot = DEFAULT.render(anImage().item(".").build(), Map.of());
		String dotDot = DEFAULT.render(anImage().item("..").build(), Map.of());

		// then
		assertThat(dot).isEqualTo("images/run-7/%2E/0.png");
		assertThat(dotDot).isEqualTo("images/run-7/%2E%2E/0.png");
	}

	@Test
	void givesDifferentIdsDifferentKeys() {
		// given
		List<String> ids = List.of("a/b", "a%2Fb", "a%252Fb", "a b", "a+b", "a%20b", "a_b", ".", "_.", "%2E", "..",
				"_..", "%2E%2E", "_", "é", "%C3%A9", "e\u0301", "A", "a");

		// when
		Map<String, String> keys = new HashMap<>();
		ids.forEach((id) -> keys.put(id, DEFAULT.render(anImage().item(id).build(), Map.of())));

		// then
		Set<String> distinct = keys.values().stream().collect(Collectors.toSet());
		assertThat(distinct).as("keys of %s", keys).hasSameSizeAs(ids);
	}

	@Test
	void rendersTheSameKeyForTheSameImageEveryTime() {
		// given
		Map<String, String> image = anImage().item("ü/1").build();

		// when
		String first = DEFAULT.render(image, Map.of());
		String second = DEFAULT.render(image, Map.of());

		// then
		assertThat(first).isEqualTo(second);
	}

	@Test
	void resolvesAMetadataPlaceholderFromTheInputColumns() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{category}/{item}-{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of("category", "red shoes"));

		// then
		assertThat(key).isEqualTo("red%20shoes/sku-1-0.png");
	}

	@Test
	void rendersAMissingMetadataValueAsAnUnderscore() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{category}/{item}-{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of());

		// then
		assertThat(key).isEqualTo("_/sku-1-0.png");
	}

	@Test
	void letsTheImagesCoordinatesWinOverAMetadataColumnOfTheSameName() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{item}/{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of("item", "from-metadata"));

		// then
		assertThat(key).isEqualTo("sku-1/0.png");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{prefix}{run}/{index}.{ext}", "{prefix}{run}/{item}.{ext}", "{prefix}{run}.png" })
	void refusesATemplateWithoutTheItemAndTheIndex(String template) {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new ObjectKeyTemplate(template, ""))
			.withMessageContaining("imagebatch.storage.key-template")
			.withMessageContaining(template);
	}

	@Test
	void refusesATemplateWithAMalformedPlaceholder() {
		// when / then
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ObjectKeyTemplate("{item}/{index}/{Category}.{ext}", ""))
			.withMessageContaining("imagebatch.storage.key-template");
	}

	@Test
	void putsTheManifestInTheRunsFolderUnderThePrefixWhateverTheImageLayout() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{model}/{item}-{index}.{ext}", "images/");

		// when
		String key = template.manifestKey("run-7");

		// then
		assertThat(key).isEqualTo("images/run-7/manifest.jsonl");
		assertThat(template.runFolder("run-7")).isEqualTo("images/run-7/");
	}

	private static ImageCoordinates anImage() {
		return new ImageCoordinates();
	}

	private static final class ImageCoordinates {

		private final Map<String, String> values = new LinkedHashMap<>(
				Map.of("run", "run-7", "item", "sku-1", "index", "0", "ext", "png"));

		ImageCoordinates item(String item) {
			this.values.put("item", item);
			return this;
		}

		ImageCoordinates index(int index) {
			this.values.put("index", Integer.toString(index));
			return this;
		}

		Map<String, String> build() {
			return Map.copyOf(this.values);
		}

	}

}
