package io.imagebatch.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, the form stored beside every image and served by the
 * simulator's ledger: of bytes at hand, of a stream read to its end, or of a digest fed
 * along the way.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * A fresh digest, for bytes that pass by rather than sit in memory.
	 * @return a SHA-256 digest
	 */
	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/**
	 * @param bytes the bytes
	 * @return their SHA-256 in lower-case hex
	 */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(newDigest().digest(bytes));
	}

	/**
	 * Reads the stream to its end, a buffer at a time, and closes it.
	 * @param in the stream
	 * @return the SHA-256 of what it held, in lower-case hex
	 * @throws IOException when the stream cannot be read
	 */
	public static String hex(InputStream in) throws IOException {
		MessageDigest digest = newDigest();
		try (InputStream digesting = new DigestInputStream(in, digest)) {
			digesting.transferTo(OutputStream.nullOutputStream());
		}
		return hex(digest);
	}

	/**
	 * Completes a digest from {@link #newDigest()}, which is reset by it.
	 * @param digest the digest fed so far
	 * @return its SHA-256 in lower-case hex
	 */
	public static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

}
