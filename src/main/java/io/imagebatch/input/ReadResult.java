package io.imagebatch.input;

/**
 * What {@link CsvPromptReader#next()} returns for one record: a row, or the reason the
 * text there could not be read as one.
 */
public sealed interface ReadResult {

	/**
	 * A record split into columns.
	 *
	 * @param row the row
	 */
	record Row(PromptRow row) implements ReadResult {

	}

	/**
	 * Text that could not be split into a row, reported so that no row is lost silently.
	 *
	 * @param line the physical line on which the bad record starts
	 * @param reason what is wrong, for a person
	 */
	record Malformed(long line, String reason) implements ReadResult {

	}

}
