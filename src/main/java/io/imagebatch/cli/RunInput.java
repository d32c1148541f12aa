package io.imagebatch.cli;

import picocli.CommandLine.Parameters;

/**
 * The input of a new run, the first argument of {@code generate}, {@code submit} and
 * {@code estimate}.
 */
class RunInput {

	@Parameters(index = "0", paramLabel = "<input>",
			description = "a CSV file, s3://bucket/key.csv, or db:<source> (imagebatch.sources.<source>.query)")
	String input;

}
