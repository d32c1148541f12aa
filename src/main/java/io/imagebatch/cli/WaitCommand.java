package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.Runs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code wait <run>}: follows a run, wherever it executes, to its end; prints the summary
 * and exits as {@code generate} would.
 */
@Command(name = "wait",
		description = "Follow a run to its end (progress, summary, cost table), with the exit code of 'generate'.")
class WaitCommand implements Cli.ApplicationCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		Runs runs = context.getBean(Runs.class);
		Run run = runs.find(this.run);
		err.printf("Run %s: %s; waiting for it to end%n", run.id(), run.status());
		RunReports reports = context.getBean(RunReports.class);
		Run ended;
		try (ProgressPrinter progress = new ProgressPrinter(reports, run.id(), err, System.console() != null).start()) {
			ended = runs.awaitEnd(run.id());
		}
		return RunSummary.print(context, ended, out);
	}

}
