package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a CSV of prompt rows comes from. A source can be opened more than once, each time
 * from the start: the reader reopens it to resume after a line it could not split.
 */
public interface CsvSource {

	/**
	 * Open a fresh reader positioned at the first character of the text (after any
	 * byte-order mark).
	 * @return a new reader, closed by the caller
	 * @throws IOException when the source cannot be opened
	 */
	Reader open() throws IOException;

	/**
	 * What the source is, as a person would name it in a message: a path or an S3 URI.
	 * @return the description
	 */
	String description();

	/**
	 * A UTF-8 file on the local file system; a leading byte-order mark is skipped.
	 * @param path the file
	 * @return the source
	 */
	static CsvSource of(Path path) {
		return new FileCsvSource(path);
	}

}

record FileCsvSource(Path path) implements CsvSource {

	@Override
	public Reader open() throws IOException {
		return Utf8Text.reader(Files.newInputStream(this.path));
	}

	@Override
	public String description() {
		return this.path.toString();
	}

}
