package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import io.imagebatch.run.Run;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code restart <run>}: continue a run that failed or stopped, after the cause is fixed.
 */
@Command(name = "restart", description = "Continue a FAILED, STOPPED or crashed run without redoing settled items.")
class RestartCommand extends RunExecutingCommand implements Cli.ClientCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--budget-usd", description = "a new spending cap for the run")
	@Nullable BigDecimal budgetUsd;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) throws Exception {
		Run run = runs.find(this.run);
		err.printf("Run %s: restarting (%d items pending)%n", run.id(), runs.progress(run.id()).items().pending());
		return execute(runs, run, (id) -> runs.restart(id, this.budgetUsd), out, err);
	}

}
