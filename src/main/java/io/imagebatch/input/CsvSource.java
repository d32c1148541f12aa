package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.services.s3.S3Client;

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
	 * @throws InputException when what the source names does not exist, with a message
	 * for the person who named it
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

	/**
	 * A UTF-8 object in S3, streamed rather than downloaded: each {@link #open()} starts
	 * a new GetObject. A missing bucket or object raises an {@link InputException}.
	 * @param s3 a client that reaches the bucket
	 * @param bucket the bucket
	 * @param key the object key
	 * @return the source
	 */
	static CsvSource of(S3Client s3, String bucket, String key) {
		return new S3CsvSource(s3, bucket, key);
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
