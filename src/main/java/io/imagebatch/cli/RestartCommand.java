package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunStops;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code restart <run>}: continue a run that failed or stopped, after the cause is fixed.
 */
@Command(name = "restart", description = "Continue a FAILED or STOPPED run without redoing settled items.")
class RestartCommand implements Cli.ApplicationCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--budget-usd", description = "a new spending cap for the run")
	@Nullable BigDecimal budgetUsd;

	private volatile @Nullable String running;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Runs runs = context.getBean(Runs.class);
		Run run = runs.find(this.run);
		err.printf("Run %s: restarting (%d items pending)%n", run.id(), runs.counts(run.id()).pending());
		this.running = run.id();
		Run ended;
		try (ProgressPrinter progress = new ProgressPrinter(runs, run.id(), err, System.console() != null).start()) {
			ended = runs.restart(run.id(), this.budgetUsd);
		}
		return RunSummary.print(context, runs, ended, out);
	}

	@Override
	public void stopGracefully(ConfigurableApplicationContext context) {
		String runId = this.running;
		if (runId != null) {
			context.getBean(RunStops.class).requestHere(runId);
		}
	}

}
