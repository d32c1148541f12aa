package io.imagebatch.system;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * Bytes from an untrusted source (a gateway's answer, an image download), held in memory
 * while small and in a temporary file beyond that, up to a hard cap. Many calls in flight
 * at once therefore cost a few megabytes of heap whatever the gateways send. The SHA-256
 * is computed while writing, so the bytes are never read twice to check them.
 * <p>
 * Not thread-safe: one writer, then any number of readers. {@link #close()} deletes the
 * file and may be called more than once.
 */
public final class Spool implements AutoCloseable {

	/** What one spool keeps in memory before it moves to a file. */
	public static final int DEFAULT_MEMORY_LIMIT = 1024 * 1024;

	private final long maxBytes;

	private final int memoryLimit;

	private final MessageDigest digest = Sha256.newDigest();

	private @Nullable ByteArrayOutputStream memory = new ByteArrayOutputStream();

	private @Nullable Path file;

	private @Nullable OutputStream fileOut;

	private long size;

	private @Nullable String sha256;

	private Spool(long maxBytes, int memoryLimit) {
		this.maxBytes = maxBytes;
		this.memoryLimit = memoryLimit;
	}

	/** An empty spool that refuses to grow past {@code maxBytes}. */
	public static Spool create(long maxBytes) {
		return new Spool(maxBytes, DEFAULT_MEMORY_LIMIT);
	}

	/** An empty spool that moves to a file once it holds more than memoryLimit bytes. */
	public static Spool create(long maxBytes, int memoryLimit) {
		return new Spool(maxBytes, memoryLimit);
	}

	/** A spool holding {@code bytes}, for content that is already in memory. */
	public static Spool of(byte[] bytes) {
		Spool spool = new Spool(bytes.length, Math.max(bytes.length, 1));
		try {
			spool.write(bytes, 0, bytes.length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return spool;
	}

	/**
	 * Appends bytes.
	 * @throws SpoolFullException when the cap would be passed (nothing is appended)
	 * @throws IOException when the temporary file cannot be written
	 */
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (this.sha256 != null) {
			throw new IllegalStateException("spool already read");
		}
		if (this.size + length > this.maxBytes) {
			throw new SpoolFullException(this.maxBytes);
		}
		this.digest.update(bytes, offset, length);
		this.size += length;
		if (this.memory != null && this.memory.size() + length <= this.memoryLimit) {
			this.memory.write(bytes, offset, length);
			return;
		}
		if (this.fileOut == null) {
			moveToFile();
		}
		this.fileOut.write(bytes, offset, length);
	}

	/**
	 * A stream that appends to this spool; writing past the cap throws
	 * {@link SpoolFullException}.
	 */
	public OutputStream asOutputStream() {
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				Spool.this.write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				Spool.this.write(bytes, offset, length);
			}

		};
	}

	/**
	 * Copies a stream into this spool until it ends.
	 * @throws SpoolFullException when the stream holds more than the cap
	 */
	public Spool fill(InputStream in) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		int read;
		while ((read = in.read(buffer)) != -1) {
			write(buffer, 0, read);
		}
		return this;
	}

	private void moveToFile() throws IOException {
		this.file = Files.createTempFile("imagebatch-", ".spool");
		this.fileOut = Files.newOutputStream(this.file);
		if (this.memory != null) {
			this.memory.writeTo(this.fileOut);
			this.memory = null;
		}
	}

	/** How many bytes were written. */
	public long size() {
		return this.size;
	}

	/** Whether the bytes went to a temporary file (they outgrew the memory limit). */
	public boolean onDisk() {
		return this.file != null;
	}

	/** The hex SHA-256 of everything written; no more can be written after this. */
	public String sha256() {
		if (this.sha256 == null) {
			this.sha256 = Sha256.hex(this.digest);
		}
		return this.sha256;
	}

	/** Reads the bytes from the start; no more can be written after this. */
	public InputStream open() throws IOException {
		sha256();
		if (this.file != null) {
			if (this.fileOut != null) {
				this.fileOut.close();
				this.fileOut = null;
			}
			return Files.newInputStream(this.file);
		}
		return new ByteArrayInputStream((this.memory != null) ? this.memory.toByteArray() : new byte[0]);
	}

	/** At most the first {@code count} bytes, for recognising a format. */
	public byte[] head(int count) throws IOException {
		try (InputStream in = open()) {
			return in.readNBytes(count);
		}
	}

	/** Every byte; only for spools known to be small. */
	public byte[] toByteArray() throws IOException {
		if (this.size > Integer.MAX_VALUE - 16) {
			throw new IOException("spool of " + this.size + " bytes does not fit in an array");
		}
		try (InputStream in = open()) {
			return in.readAllBytes();
		}
	}

	@Override
	public void close() {
		try {
			if (this.fileOut != null) {
				this.fileOut.close();
				this.fileOut = null;
			}
			if (this.file != null) {
				Files.deleteIfExists(this.file);
				this.file = null;
			}
		}
		catch (IOException ex) {
			// a temporary file we could not delete is the operating system's to clean up
		}
		this.memory = null;
	}

	@Override
	public String toString() {
		return "Spool[" + this.size + " bytes" + (onDisk() ? ", on disk" : "") + "]";
	}

	/** More bytes than the spool's cap were offered. */
	public static final class SpoolFullException extends IOException {

		private final long limit;

		SpoolFullException(long limit) {
			super("more than " + limit + " bytes");
			this.limit = limit;
		}

		/** The cap that was reached. */
		public long limit() {
			return this.limit;
		}

	}

}
