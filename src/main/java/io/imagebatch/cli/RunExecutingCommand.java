package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A command that executes a run to its end: shows progress, prints the summary and exit
 * code. In this process, SIGTERM stops the run gracefully instead of cutting off its
 * calls in flight; through a server, the server's workers execute the run and this
 * process only follows it (Ctrl-C leaves it to them).
 */
abstract class RunExecutingCommand implements Cli.ApplicationCommand {

	private volatile @Nullable String running;

	/**
	 * Executes the run (or has the server execute it) with progress on {@code err}.
	 * @param execution starts or continues the run by id and returns it as it ended
	 * @return the exit code for how it ended
	 */
	final int execute(RunAccess runs, Run run, Execution execution, PrintWriter out, PrintWriter err)
			throws InterruptedException {
		this.running = run.id();
		Run ended;
		try (ProgressPrinter progress = new ProgressPrinter(runs, run.id(), err, System.console() != null).start()) {
			ended = execution.apply(run.id());
		}
		return RunSummary.print(runs, ended, out);
	}

	@Override
	public void stopGracefully(ConfigurableApplicationContext context) {
		String runId = this.running;
		if (runId != null) {
			context.getBean(Runs.class).stopHere(runId);
		}
	}

	/**
	 * Starts or continues a run by id and returns it as it ended.
	 */
	@FunctionalInterface
	interface Execution {

		Run apply(String runId) throws InterruptedException;

	}

}
