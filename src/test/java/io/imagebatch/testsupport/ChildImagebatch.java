package io.imagebatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.ImagebatchApplication;

/**
 * imagebatch in a JVM of its own, on the test's classpath and infrastructure, so that a
 * test can kill it for real ({@code SIGKILL}) or terminate it ({@code SIGTERM}).
 */
public final class ChildImagebatch {

	private static final Pattern RUN_ID = Pattern.compile("^Run (\\S+):", Pattern.MULTILINE);

	private final Process process;

	private final Path err;

	private final Path out;

	private ChildImagebatch(Process process, Path out, Path err) {
		this.process = process;
		this.out = out;
		this.err = err;
	}

	public static ChildImagebatch start(Path workDirectory, Map<String, String> properties, String... args) {
		return start(workDirectory, properties, List.of(), args);
	}

	/**
	 * Starts imagebatch with more JVM options after {@code -Xmx512m}, such as
	 * {@code -XX:+ExitOnOutOfMemoryError} for a test that must see an OOM as a death.
	 */
	public static ChildImagebatch start(Path workDirectory, Map<String, String> properties, List<String> jvmOptions,
			String... args) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ImagebatchApplication.class.getName()));
		command.addAll(List.of(args));
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		try {
			Path out = Files.createTempFile(workDirectory, "child", ".out");
			Path err = Files.createTempFile(workDirectory, "child", ".err");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile());
			// the test's S3 credentials are system properties here; the child reads the
			// environment
			builder.environment().put("AWS_ACCESS_KEY_ID", System.getProperty("aws.accessKeyId", ""));
			builder.environment().put("AWS_SECRET_ACCESS_KEY", System.getProperty("aws.secretAccessKey", ""));
			Process process = builder.start();
			return new ChildImagebatch(process, out, err);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start a child JVM", ex);
		}
	}

	/**
	 * The run id the child announced; waits for it (the child boots in a few seconds).
	 */
	public String runId() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			Matcher matcher = RUN_ID.matcher(stderr());
			if (matcher.find()) {
				return matcher.group(1);
			}
			if (!this.process.isAlive()) {
				break;
			}
			Polling.pause();
		}
		throw new AssertionError("the child announced no run; stderr:\n" + stderr());
	}

	/** SIGKILL: no shutdown hook, no cleanup, as in a crash or an OOM kill. */
	public void kill() {
		this.process.destroyForcibly();
		waitFor();
	}

	/**
	 * SIGSTOP: the process stays alive but does nothing, not even beat, as in a long
	 * pause; what it holds can be read before it is killed.
	 */
	public void suspend() {
		try {
			new ProcessBuilder("kill", "-STOP", Long.toString(this.process.pid())).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/** SIGTERM: what a deploy or Ctrl-C sends. */
	public int terminate() {
		this.process.destroy();
		return waitFor();
	}

	public int waitFor() {
		try {
			if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				throw new AssertionError("the child did not end within two minutes; stderr:\n" + stderr());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String stderr() {
		return read(this.err);
	}

	public String stdout() {
		return read(this.out);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
