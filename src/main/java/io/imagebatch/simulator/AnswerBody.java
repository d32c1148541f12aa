package io.imagebatch.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A response body made of parts that are produced while they are sent: literal bytes, the
 * base64 of an image, filler. JSON is built as usual with a placeholder string where a
 * large value belongs and then cut at the placeholders, so a 40 MB {@code b64_json} or a
 * 5 MB error message is never held in memory, only written.
 */
final class AnswerBody {

	private final List<Part> parts;

	private final boolean endless;

	private AnswerBody(List<Part> parts, boolean endless) {
		this.parts = List.copyOf(parts);
		this.endless = endless;
	}

	/** A body of these bytes. */
	static AnswerBody of(byte[] bytes) {
		return new AnswerBody(List.of(bytes(bytes)), false);
	}

	/** A body of an image's bytes, padding made as it is written. */
	static AnswerBody of(ServedImage image) {
		return new AnswerBody(List.of(new Part() {

			@Override
			public long length() {
				return image.length();
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				image.writeTo(out);
			}

		}), false);
	}

	/**
	 * A body that starts with {@code head} and goes on with {@code unit} over and over
	 * until {@code limit} bytes in all; sent without a length, as if it never ended.
	 */
	static AnswerBody endless(byte[] head, byte[] unit, long limit) {
		return new AnswerBody(List.of(bytes(head), repeat(unit, Math.max(0, limit - head.length))), true);
	}

	/** How many bytes {@link #writeTo} writes. */
	long length() {
		return this.parts.stream().mapToLong(Part::length).sum();
	}

	/** Whether the body is sent without a declared length, as one that never ends. */
	boolean endless() {
		return this.endless;
	}

	void writeTo(OutputStream out) throws IOException {
		for (Part part : this.parts) {
			part.writeTo(out);
		}
	}

	static Part bytes(byte[] bytes) {
		return new Part() {

			@Override
			public long length() {
				return bytes.length;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write(bytes);
			}

		};
	}

	/** The standard base64 of an image, encoded as it is written. */
	static Part base64(ServedImage image) {
		return new Part() {

			@Override
			public long length() {
				return 4 * Math.ceilDiv(image.length(), 3);
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				// Closing the encoder writes its last quantum; it must not close the
				// body.
				try (OutputStream encoder = Base64.getEncoder().wrap(new Unclosed(out))) {
					image.writeTo(encoder);
				}
			}

		};
	}

	/** {@code unit} repeated, cut at {@code length} bytes. */
	static Part repeat(byte[] unit, long length) {
		return new Part() {

			@Override
			public long length() {
				return length;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				byte[] block = block(unit);
				long left = length;
				while (left > 0) {
					int chunk = (int) Math.min(block.length, left);
					out.write(block, 0, chunk);
					left -= chunk;
				}
			}

		};
	}

	/** Whole units filling about 64 KiB, so filler goes out in few writes. */
	private static byte[] block(byte[] unit) {
		int units = Math.max(1, (64 * 1024) / Math.max(1, unit.length));
		byte[] block = new byte[units * unit.length];
		for (int i = 0; i < units; i++) {
			System.arraycopy(unit, 0, block, i * unit.length, unit.length);
		}
		return block;
	}

	/** One piece of a body. */
	interface Part {

		long length();

		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * Collects the large parts of a JSON body: {@link #slot} gives the placeholder to put
	 * in the JSON instead of a part, {@link #build} puts the parts back in its place.
	 */
	static final class Builder {

		private final String nonce = UUID.randomUUID().toString();

		private final List<Part> slots = new ArrayList<>();

		/** A placeholder that JSON encoding leaves as it is and no prompt contains. */
		String slot(Part part) {
			this.slots.add(part);
			return placeholder(this.slots.size() - 1);
		}

		AnswerBody build(byte[] json) {
			List<Part> parts = new ArrayList<>();
			int from = 0;
			for (int index = 0; index < this.slots.size(); index++) {
				byte[] placeholder = placeholder(index).getBytes(StandardCharsets.US_ASCII);
				int at = indexOf(json, placeholder, from);
				if (at < 0) {
					throw new IllegalStateException("Placeholder " + index + " is missing from the body");
				}
				parts.add(bytes(Arrays.copyOfRange(json, from, at)));
				parts.add(this.slots.get(index));
				from = at + placeholder.length;
			}
			parts.add(bytes(Arrays.copyOfRange(json, from, json.length)));
			return new AnswerBody(parts, false);
		}

		private String placeholder(int index) {
			return "@@" + this.nonce + "-" + index + "@@";
		}

		private static int indexOf(byte[] haystack, byte[] needle, int from) {
			for (int i = from; i <= haystack.length - needle.length; i++) {
				if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
					return i;
				}
			}
			return -1;
		}

	}

	/** Passes writes through and leaves the stream open on close. */
	private static final class Unclosed extends OutputStream {

		private final OutputStream out;

		Unclosed(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
