package io.imagebatch.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything this JVM writes to {@code System.out} and {@code System.err} while it is
 * open (logs included: the console appender writes to whatever {@code System.err} is at
 * the moment), still passed on to the real streams. With what a {@link CliInvocation}
 * printed, it is all a command run in this JVM showed on a terminal. Tests that use it
 * must not run in parallel with others in the same JVM.
 */
public final class CapturedConsole implements AutoCloseable {

	private final PrintStream originalOut = System.out;

	private final PrintStream originalErr = System.err;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private CapturedConsole() {
		System.setOut(new PrintStream(new Tee(this.originalOut, this.out), true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(new Tee(this.originalErr, this.err), true, StandardCharsets.UTF_8));
	}

	public static CapturedConsole start() {
		return new CapturedConsole();
	}

	public String out() {
		synchronized (this.out) {
			return this.out.toString(StandardCharsets.UTF_8);
		}
	}

	public String err() {
		synchronized (this.err) {
			return this.err.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		System.out.flush();
		System.err.flush();
		System.setOut(this.originalOut);
		System.setErr(this.originalErr);
	}

	/** Writes to the real stream and keeps a copy. */
	private static final class Tee extends OutputStream {

		private final OutputStream real;

		private final ByteArrayOutputStream copy;

		Tee(OutputStream real, ByteArrayOutputStream copy) {
			this.real = real;
			this.copy = copy;
		}

		@Override
		public void write(int b) throws IOException {
			this.real.write(b);
			synchronized (this.copy) {
				this.copy.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.real.write(b, off, len);
			synchronized (this.copy) {
				this.copy.write(b, off, len);
			}
		}

		@Override
		public void flush() throws IOException {
			this.real.flush();
		}

	}

}
