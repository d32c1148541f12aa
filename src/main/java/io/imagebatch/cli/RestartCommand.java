package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code restart <run>}: continue a run that failed or stopped, after the cause is fixed.
 */
@Command(name = "restart", description = "Continue a FAILED, STOPPED or crashed run without redoing settled items.")
class RestartCommand extends RunExecutingCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--budget-usd", description = "a new spending cap for the run")
	@Nullable BigDecimal budgetUsd;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		Runs runs = context.getBean(Runs.class);
		Run run = runs.find(this.run);
		err.printf("Run %s: restarting (%d items pending)%n", run.id(),
				context.getBean(RunReports.class).counts(run.id()).pending());
		return execute(context, run, (id) -> runs.restart(id, this.budgetUsd), out, err);
	}

}
