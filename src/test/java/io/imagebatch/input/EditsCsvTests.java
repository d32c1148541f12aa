package io.imagebatch.input;

import java.io.Reader;
import java.io.StringReader;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EditsCsvTests {

	@Test
	void readsTheChangedColumnsOfEachItemByIdLeavingBlankCellsOut() {
		// when
		Map<String, Map<String, String>> edits = EditsCsv
			.read(csv("ID,Prompt,quality\nrejected,\"A harbour, at dawn\",\nother,,hd\n"));

		// then
		assertThat(edits).containsOnlyKeys("rejected", "other");
		assertThat(edits.get("rejected")).containsExactly(Map.entry("prompt", "A harbour, at dawn"));
		assertThat(edits.get("other")).containsExactly(Map.entry("quality", "hd"));
	}

	@Test
	void anIdTwiceARowWithoutIdOrNoIdColumnIsAnInputError() {
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> EditsCsv.read(csv("id,prompt\na,x\na,y\n")))
			.withMessageContaining("line 3: id 'a' is edited already on line 2");
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> EditsCsv.read(csv("id,prompt\n,x\n")))
			.withMessageContaining("line 2 has no id");
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> EditsCsv.read(csv("prompt\nx\n")))
			.withMessageContaining("no 'id' column");
	}

	private static CsvSource csv(String text) {
		return new CsvSource() {

			@Override
			public Reader open() {
				return new StringReader(text);
			}

			@Override
			public String description() {
				return "edits.csv";
			}

		};
	}

}
