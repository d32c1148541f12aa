package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

import io.imagebatch.cost.Cost;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.RunWorker;
import io.imagebatch.system.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code status <run>}: one run's progress and counts.
 */
@Command(name = "status", description = "Show one run's progress and counts.")
class StatusCommand implements Cli.ClientCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		RunOverview overview = runs.overview(this.run);
		Run run = overview.run();
		ItemCounts counts = overview.counts();
		out.printf("Run      %s%s%n", run.id(), (run.name() != null) ? " (" + TerminalText.line(run.name()) + ")" : "");
		out.printf("Status   %s%s%n", run.status(),
				(run.statusReason() != null) ? " — " + TerminalText.line(run.statusReason()) : "");
		if (run.status() == RunStatus.RUNNING) {
			String owner = overview.owner();
			out.printf("Owner    %s%s%n", (owner != null) ? owner : "none",
					overview.orphaned() ? " — gone; a live worker adopts the run, or 'imagebatch restart " + run.id()
							+ "' continues it here" : "");
			List<RunWorker> workers = overview.workers();
			out.printf("Workers  %s%n",
					workers.isEmpty() ? "none holds an item now"
							: workers.stream()
								.map((worker) -> worker.workerId() + " (" + worker.itemsInFlight() + " in flight"
										+ (worker.live() ? ")" : ", gone: they go back to the queue)"))
								.collect(Collectors.joining(", ")));
		}
		out.printf("Source   %s%n", TerminalText.line(run.source()));
		if (run.schedule() != null) {
			out.printf("Schedule %s, fired for %s%n", run.schedule(), run.fireTime());
		}
		out.printf("Gateway  %s, %d calls at a time%n", TerminalText.line(run.gateway()), run.concurrency());
		out.printf("Created  %s%s%s%n", run.createdAt(),
				(run.startedAt() != null) ? " · started " + run.startedAt() : "",
				(run.endedAt() != null) ? " · ended " + run.endedAt() : "");
		out.printf("Items    %d total · %d succeeded · %d failed · %d invalid · %d pending · %d in flight%n",
				counts.total(), counts.succeeded(), counts.failed(), counts.invalid(), counts.pending(),
				counts.inFlight());
		if (run.rowsAlreadyDone() > 0) {
			out.printf("         %s%n", RunSummary.alreadyDone(run.rowsAlreadyDone()));
		}
		out.printf("Spent    $%s%n", Cost.format(overview.spentUsd()));
		return Cli.OK;
	}

}
