package io.imagebatch.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * The lines of a JSONL file read one at a time, each no longer than a limit, so an input
 * file with no line breaks cannot fill the heap.
 */
final class BatchLineReader {

	private final InputStream in;

	private final int maxLine;

	private final byte[] buffer = new byte[64 * 1024];

	private int position;

	private int end;

	BatchLineReader(InputStream in, int maxLine) {
		this.in = in;
		this.maxLine = maxLine;
	}

	/**
	 * The next line without its line break ({@code \n} or {@code \r\n}).
	 * @return the line, or {@code null} at the end of the file
	 * @throws LineTooLong when the line is longer than the limit; the rest of the file
	 * cannot be read then
	 */
	byte @Nullable [] next() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		boolean any = false;
		while (true) {
			if (this.position == this.end) {
				int read = this.in.read(this.buffer);
				if (read < 0) {
					return any ? strip(line.toByteArray()) : null;
				}
				this.position = 0;
				this.end = read;
			}
			any = true;
			int from = this.position;
			while (this.position < this.end && this.buffer[this.position] != '\n') {
				this.position++;
			}
			if (line.size() + (this.position - from) > this.maxLine) {
				throw new LineTooLong();
			}
			line.write(this.buffer, from, this.position - from);
			if (this.position < this.end) {
				this.position++;
				return strip(line.toByteArray());
			}
		}
	}

	private static byte[] strip(byte[] line) {
		if (line.length > 0 && line[line.length - 1] == '\r') {
			byte[] shorter = new byte[line.length - 1];
			System.arraycopy(line, 0, shorter, 0, shorter.length);
			return shorter;
		}
		return line;
	}

	/** A line longer than the limit. */
	static final class LineTooLong extends IOException {

		LineTooLong() {
			super("line too long", null);
		}

	}

}
