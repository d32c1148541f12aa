package io.imagebatch.input;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CSV of changes per item, keyed by its {@code id} column ({@code id,prompt,...}): how
 * a user fixes the prompts a gateway rejected before resubmitting them. Read whole: it
 * holds the few rows a person edits, not a run's input.
 */
public final class EditsCsv {

	private static final String ID = "id";

	private EditsCsv() {
	}

	/**
	 * Reads the edits.
	 * @param source the CSV
	 * @return the changed columns of each item, by id, in file order; blank cells are
	 * left out
	 * @throws InputException when the file cannot be read, has no {@code id} column, has
	 * a malformed row, a row without an id, or an id twice
	 */
	public static Map<String, Map<String, String>> read(CsvSource source) {
		Map<String, Map<String, String>> edits = new LinkedHashMap<>();
		Map<String, Long> lines = new LinkedHashMap<>();
		try (CsvPromptReader reader = new CsvPromptReader(source, ID)) {
			for (ReadResult result = reader.next(); result != null; result = reader.next()) {
				if (result instanceof ReadResult.Malformed malformed) {
					throw new InputException(
							"%s line %d: %s".formatted(source.description(), malformed.line(), malformed.reason()));
				}
				PromptRow row = ((ReadResult.Row) result).row();
				Map<String, String> columns = new LinkedHashMap<>(row.columns());
				String id = columns.remove(ID);
				if (id == null) {
					throw new InputException("%s line %d has no id".formatted(source.description(), row.line()));
				}
				Long earlier = lines.putIfAbsent(id.strip(), row.line());
				if (earlier != null) {
					throw new InputException("%s line %d: id '%s' is edited already on line %d"
						.formatted(source.description(), row.line(), id.strip(), earlier));
				}
				edits.put(id.strip(), columns);
			}
		}
		return edits;
	}

}
