package io.imagebatch.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import io.imagebatch.system.Sha256;

/**
 * An image as the simulator serves it: the rendered PNG, optionally padded to a given
 * size with one private ancillary chunk ({@code ibPd}) right after {@code IHDR}. Decoders
 * skip such a chunk, so the padded bytes are still a valid PNG that sniffs as one by its
 * magic bytes. Only the rendered PNG is held: the padding is made up again, the same way,
 * each time the image is written, so tens of megabytes cost a few kilobytes of memory
 * until they go out on the wire.
 */
final class ServedImage {

	/**
	 * Ancillary (lower case), private (lower case), reserved bit clear (upper case), safe
	 * to copy (lower case).
	 */
	private static final byte[] PADDING_CHUNK = "ibPd".getBytes(StandardCharsets.US_ASCII);

	/** Length, type and CRC around a chunk's data. */
	private static final int CHUNK_OVERHEAD = 12;

	private static final int BLOCK = 64 * 1024;

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };

	private final byte[] png;

	/** The padding chunk's data length, or -1 for none. */
	private final long paddingData;

	private ServedImage(byte[] png, long paddingData) {
		this.png = png;
		this.paddingData = paddingData;
	}

	/** The PNG as rendered. */
	static ServedImage unpadded(byte[] png) {
		return new ServedImage(png, -1);
	}

	/**
	 * The PNG padded to {@code size} bytes; one that is already as large is left alone,
	 * and one that is less than a chunk's overhead short grows by exactly that overhead.
	 */
	static ServedImage padded(byte[] png, long size) {
		long missing = size - png.length;
		if (missing <= 0) {
			return unpadded(png);
		}
		if (!startsWithSignature(png)) {
			throw new IllegalArgumentException("Only a PNG can be padded");
		}
		return new ServedImage(png, Math.max(0, missing - CHUNK_OVERHEAD));
	}

	/** How many bytes {@link #writeTo} writes. */
	long length() {
		return this.png.length + ((this.paddingData < 0) ? 0 : this.paddingData + CHUNK_OVERHEAD);
	}

	/** What this image keeps in memory. */
	long heldBytes() {
		return this.png.length;
	}

	/** The first bytes, for a body that starts like this image and never ends. */
	byte[] head() {
		return Arrays.copyOf(this.png, Math.min(this.png.length, ihdrEnd(this.png)));
	}

	/**
	 * Lower-case hex SHA-256 of the bytes {@link #writeTo} writes, without holding them.
	 */
	String sha256() {
		if (this.paddingData < 0) {
			return Sha256.hex(this.png);
		}
		MessageDigest digest = Sha256.newDigest();
		try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			writeTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A null stream does not fail", ex);
		}
		return Sha256.hex(digest);
	}

	/** Writes the image: the same bytes every time. */
	void writeTo(OutputStream out) throws IOException {
		if (this.paddingData < 0) {
			out.write(this.png);
			return;
		}
		int split = ihdrEnd(this.png);
		out.write(this.png, 0, split);
		writeInt(out, this.paddingData);
		out.write(PADDING_CHUNK);
		CRC32 crc = new CRC32();
		crc.update(PADDING_CHUNK);
		byte[] block = paddingBlock();
		long left = this.paddingData;
		while (left > 0) {
			int length = (int) Math.min(block.length, left);
			out.write(block, 0, length);
			crc.update(block, 0, length);
			left -= length;
		}
		writeInt(out, crc.getValue());
		out.write(this.png, split, this.png.length - split);
	}

	/**
	 * Noise that differs from image to image (it is seeded by the rendered PNG) but is
	 * the same each time one image is written; a block repeats, which costs nothing to
	 * make.
	 */
	private byte[] paddingBlock() {
		byte[] block = new byte[(int) Math.min(BLOCK, this.paddingData)];
		new SplittableRandom(Arrays.hashCode(this.png)).nextBytes(block);
		return block;
	}

	private static boolean startsWithSignature(byte[] png) {
		return png.length >= PNG_SIGNATURE.length
				&& Arrays.equals(png, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
	}

	/** Where the first chunk (IHDR, by the PNG rules) ends. */
	private static int ihdrEnd(byte[] png) {
		if (png.length < PNG_SIGNATURE.length + 4) {
			return png.length;
		}
		int offset = PNG_SIGNATURE.length;
		long length = ((png[offset] & 0xFFL) << 24) | ((png[offset + 1] & 0xFF) << 16) | ((png[offset + 2] & 0xFF) << 8)
				| (png[offset + 3] & 0xFF);
		return (int) Math.min(png.length, offset + length + CHUNK_OVERHEAD);
	}

	private static void writeInt(OutputStream out, long value) throws IOException {
		out.write((int) (value >>> 24) & 0xFF);
		out.write((int) (value >>> 16) & 0xFF);
		out.write((int) (value >>> 8) & 0xFF);
		out.write((int) value & 0xFF);
	}

}
