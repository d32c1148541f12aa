package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code wait <run>}: follows a run, wherever it executes, to its end; prints the summary
 * and exits as {@code generate} would.
 */
@Command(name = "wait",
		description = "Follow a run to its end (progress, summary, cost table), with the exit code of 'generate'.")
class WaitCommand implements Cli.ClientCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) throws Exception {
		Run run = runs.find(this.run);
		err.printf("Run %s: %s; waiting for it to end%n", run.id(), run.status());
		Run ended;
		try (ProgressPrinter progress = new ProgressPrinter(runs, run.id(), err, System.console() != null).start()) {
			ended = runs.awaitEnd(run.id());
		}
		return RunSummary.print(runs, ended, out);
	}

}
