package io.imagebatch.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.cli.Cli;

/**
 * Runs the real command-line entry point in this JVM with the test infrastructure's
 * properties, and keeps what it printed.
 *
 * @param exitCode the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliInvocation(int exitCode, String out, String err) {

	private static final Pattern RUN_ID = Pattern.compile("^Run (\\S+):", Pattern.MULTILINE);

	public static CliInvocation run(Map<String, String> properties, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		properties.forEach((name, value) -> all.add("--" + name + "=" + value));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
		return new CliInvocation(exitCode, out.toString(), err.toString());
	}

	/** The id of the run that {@code generate} announced. */
	public String runId() {
		Matcher matcher = RUN_ID.matcher(this.err);
		if (!matcher.find()) {
			throw new AssertionError("no run announced; stderr was:\n" + this.err + "\nstdout was:\n" + this.out);
		}
		return matcher.group(1);
	}

	@Override
	public String toString() {
		return "exit " + this.exitCode + "\n--- stdout\n" + this.out + "\n--- stderr\n" + this.err;
	}

}
