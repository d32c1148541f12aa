package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.imagebatch.cost.Cost;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.RunWorker;
import io.imagebatch.system.TerminalText;
import io.imagebatch.web.RunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code status <run>}: one run's progress and counts.
 */
@Command(name = "status", description = "Show one run's progress and counts.")
class StatusCommand implements Cli.ClientCommand {

	/** Parts listed at most: a run of millions of items has dozens. */
	static final int PARTS_SHOWN = 20;

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
		out.printf("Gateway  %s, %s%n", TerminalText.line(run.gateway()),
				(run.mode() == CallMode.BATCH) ? "in the provider's batches" : run.concurrency() + " calls at a time");
		out.printf("Mode     %s%n", mode(run, overview.savedUsd()));
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
		batches(run, overview.batches(), out);
		return Cli.OK;
	}

	/** "sync", or "batch (...) · $0.120000 saved against synchronous prices". */
	static String mode(Run run, BigDecimal savedUsd) {
		if (run.mode() != CallMode.BATCH) {
			return run.mode().id();
		}
		return "batch — the provider's Batch API, at half price within 24 hours · $" + Cost.format(savedUsd)
				+ " saved against synchronous prices";
	}

	/**
	 * A batch-mode run's parts: while it runs with items at the provider, how far the
	 * provider got; then a table of at most {@value #PARTS_SHOWN} parts. The provider's
	 * ids, statuses and errors are its own text: every cell is made printable.
	 */
	static void batches(Run run, List<RunView.Batch> batches, PrintWriter out) {
		if (batches.isEmpty()) {
			return;
		}
		List<RunView.Batch> open = batches.stream().filter(RunView.Batch::open).toList();
		if (run.status() == RunStatus.RUNNING && !open.isEmpty()) {
			long done = open.stream().mapToLong((batch) -> (long) batch.completed() + batch.failed()).sum();
			long total = open.stream().mapToLong((batch) -> (batch.total() > 0) ? batch.total() : batch.lines()).sum();
			out.printf(Locale.ROOT, "Batches  WAITING on provider: %,d %s, %,d of %,d requests done%n", open.size(),
					(open.size() == 1) ? "batch" : "batches", done, total);
		}
		else {
			out.printf(Locale.ROOT, "Batches  %,d%n", batches.size());
		}
		boolean errors = batches.stream().anyMatch((batch) -> batch.lastError() != null);
		TextTable table = errors
				? new TextTable("PART", "BATCH ID", "PROVIDER STATUS", "DONE/FAILED/TOTAL", "LINES", "LAST ERROR")
				: new TextTable("PART", "BATCH ID", "PROVIDER STATUS", "DONE/FAILED/TOTAL", "LINES");
		table.alignRight(0, 3, 4);
		// the open parts first: they are what the run waits for
		List<RunView.Batch> shown = new ArrayList<>(open);
		batches.stream().filter((batch) -> !batch.open()).forEach(shown::add);
		for (RunView.Batch batch : shown.subList(0, Math.min(shown.size(), PARTS_SHOWN))) {
			String status = (batch.providerStatus() != null) ? TerminalText.line(batch.providerStatus(), 40)
					: "(" + batch.state().toLowerCase(Locale.ROOT) + ")";
			String counts = String.format(Locale.ROOT, "%,d/%,d/%,d", batch.completed(), batch.failed(), batch.total());
			String lines = String.format(Locale.ROOT, "%,d", batch.lines());
			String id = (batch.batchId() != null) ? TerminalText.line(batch.batchId(), 80) : "-";
			if (errors) {
				table.row(batch.part(), id, status, counts, lines,
						(batch.lastError() != null) ? TerminalText.line(batch.lastError(), 120) : "");
			}
			else {
				table.row(batch.part(), id, status, counts, lines);
			}
		}
		table.print(out, "  ");
		if (shown.size() > PARTS_SHOWN) {
			out.printf("  … and %d more parts (GET /api/runs/%s lists them all)%n", shown.size() - PARTS_SHOWN,
					run.id());
		}
	}

}
