package io.imagebatch.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code multipart/form-data} upload of {@code POST /v1/files} as it arrives: the
 * {@code file} part goes straight to disk, never whole into memory, and stops at the size
 * limit; the {@code purpose} part is read into a small buffer; other parts are skipped.
 * Anything malformed is a 400, too large a file a 413.
 */
final class MultipartUpload {

	/** RFC 2046 allows 70 characters; a little more is tolerated. */
	private static final int MAX_BOUNDARY = 200;

	private static final int MAX_HEADERS = 16 * 1024;

	private static final int MAX_FIELD = 1024;

	private static final long MAX_SKIPPED_PART = 1024 * 1024;

	private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]*)\"|([^;\\s]+))");

	private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");

	private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

	private final InputStream in;

	private final byte[] delimiter;

	private final byte[] buffer;

	private int position;

	private int end;

	private MultipartUpload(InputStream in, String boundary) {
		this.in = in;
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		this.buffer = new byte[64 * 1024 + this.delimiter.length];
		// The first boundary has no line break before it: pretend it had one.
		this.buffer[0] = '\r';
		this.buffer[1] = '\n';
		this.end = 2;
	}

	/**
	 * Receives an upload.
	 * @param contentType the request's {@code Content-Type}
	 * @param body the request body
	 * @param maxFileBytes the largest file taken
	 * @param target where the file's content goes
	 * @return what was received
	 * @throws SimulatorError 400 when the body is not a well-formed upload with one file,
	 * 413 when the file is larger than {@code maxFileBytes}
	 */
	static Upload receive(@Nullable String contentType, InputStream body, long maxFileBytes, Path target)
			throws IOException {
		String boundary = boundary(contentType);
		return new MultipartUpload(body, boundary).parts(maxFileBytes, target);
	}

	private static String boundary(@Nullable String contentType) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			throw malformed("Files are uploaded as multipart/form-data.");
		}
		Matcher matcher = BOUNDARY.matcher(contentType);
		if (!matcher.find()) {
			throw malformed("The multipart/form-data content type names no boundary.");
		}
		String boundary = (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
		if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
			throw malformed("The multipart boundary must have 1 to " + MAX_BOUNDARY + " characters.");
		}
		return boundary;
	}

	private Upload parts(long maxFileBytes, Path target) throws IOException {
		copyToDelimiter(OutputStream.nullOutputStream(), MAX_SKIPPED_PART, false);
		String purpose = null;
		String filename = null;
		long fileBytes = -1;
		while (!lastDelimiter()) {
			String disposition = contentDisposition();
			String name = first(NAME, disposition);
			if ("file".equals(name)) {
				if (fileBytes >= 0) {
					throw malformed("The upload has more than one 'file' part.");
				}
				String given = first(FILENAME, disposition);
				filename = (given == null || given.isBlank()) ? "upload.jsonl" : given;
				try (OutputStream out = Files.newOutputStream(target)) {
					fileBytes = copyToDelimiter(out, maxFileBytes, true);
				}
			}
			else if ("purpose".equals(name)) {
				ByteArrayOutputStream value = new ByteArrayOutputStream();
				copyToDelimiter(value, MAX_FIELD, false);
				purpose = value.toString(StandardCharsets.UTF_8).strip();
			}
			else {
				copyToDelimiter(OutputStream.nullOutputStream(), MAX_SKIPPED_PART, false);
			}
		}
		if (fileBytes < 0 || filename == null) {
			throw SimulatorError.invalidRequest("missing_file", "The upload has no 'file' part.");
		}
		return new Upload(purpose, filename, fileBytes);
	}

	/** After a delimiter: {@code --} ends the body, a line break starts a part. */
	private boolean lastDelimiter() throws IOException {
		int first = read();
		int second = read();
		if (first == '-' && second == '-') {
			return true;
		}
		if (first == '\r' && second == '\n') {
			return false;
		}
		throw malformed("A multipart boundary is followed by neither a line break nor '--'.");
	}

	/** Reads a part's headers and gives its {@code Content-Disposition}. */
	private String contentDisposition() throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		String disposition = null;
		while (true) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int previous = -1;
			int current;
			while (!((current = read()) == '\n' && previous == '\r')) {
				if (current < 0) {
					throw malformed("The body ends inside a part's headers.");
				}
				line.write(current);
				previous = current;
				if (headers.size() + line.size() > MAX_HEADERS) {
					throw malformed("A part's headers are longer than " + MAX_HEADERS + " bytes.");
				}
			}
			byte[] bytes = line.toByteArray();
			String header = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			if (header.isEmpty()) {
				break;
			}
			headers.write(bytes);
			if (header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
				disposition = header;
			}
		}
		if (disposition == null) {
			throw malformed("A part has no Content-Disposition header.");
		}
		return disposition;
	}

	/**
	 * Copies up to the next delimiter and consumes it.
	 * @param file whether this is the uploaded file, whose excess is a 413 (elsewhere a
	 * 400)
	 * @return the bytes copied
	 */
	private long copyToDelimiter(OutputStream out, long limit, boolean file) throws IOException {
		long copied = 0;
		while (true) {
			int found = indexOfDelimiter();
			int safe = (found >= 0) ? found : Math.max(this.position, this.end - (this.delimiter.length - 1));
			int length = safe - this.position;
			if (copied + length > limit) {
				throw file ? tooLarge(limit) : malformed("A form field is longer than " + limit + " bytes.");
			}
			out.write(this.buffer, this.position, length);
			copied += length;
			this.position = safe;
			if (found >= 0) {
				this.position += this.delimiter.length;
				return copied;
			}
			if (!fill()) {
				throw malformed("The body ends before the closing multipart boundary.");
			}
		}
	}

	private int indexOfDelimiter() {
		byte first = this.delimiter[0];
		for (int i = this.position; i <= this.end - this.delimiter.length; i++) {
			if (this.buffer[i] == first && Arrays.equals(this.buffer, i, i + this.delimiter.length, this.delimiter, 0,
					this.delimiter.length)) {
				return i;
			}
		}
		return -1;
	}

	private int read() throws IOException {
		if (this.position == this.end && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xff;
	}

	/** Moves what is left to the start and reads more; false at the end of the body. */
	private boolean fill() throws IOException {
		System.arraycopy(this.buffer, this.position, this.buffer, 0, this.end - this.position);
		this.end -= this.position;
		this.position = 0;
		int read = this.in.read(this.buffer, this.end, this.buffer.length - this.end);
		if (read < 0) {
			return false;
		}
		this.end += read;
		return true;
	}

	private static @Nullable String first(Pattern pattern, String header) {
		Matcher matcher = pattern.matcher(header);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static SimulatorError malformed(String message) {
		return SimulatorError.invalidRequest("invalid_multipart", message);
	}

	static SimulatorError tooLarge(long limit) {
		return new SimulatorError(413, "invalid_request_error", "file_too_large",
				"The file is larger than the " + limit + " bytes allowed.");
	}

	/**
	 * What an upload held.
	 *
	 * @param purpose the {@code purpose} field, {@code null} when absent
	 * @param filename the file's name
	 * @param bytes the file's size
	 */
	record Upload(@Nullable String purpose, String filename, long bytes) {

	}

}
