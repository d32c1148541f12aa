package io.imagebatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.imagebatch.cost.Cost;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.RunProgress;

/**
 * Shows a run's progress while it works: a line redrawn every half second on a terminal,
 * or a plain line every ten seconds when the output goes to a file or a CI log.
 */
final class ProgressPrinter implements AutoCloseable {

	private final ScheduledExecutorService ticker = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("progress").factory());

	private final RunAccess runs;

	private final String runId;

	private final PrintWriter err;

	private final boolean terminal;

	private final long started = System.nanoTime();

	ProgressPrinter(RunAccess runs, String runId, PrintWriter err, boolean terminal) {
		this.runs = runs;
		this.runId = runId;
		this.err = err;
		this.terminal = terminal;
	}

	ProgressPrinter start() {
		Duration every = this.terminal ? Duration.ofMillis(500) : Duration.ofSeconds(10);
		this.ticker.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
		return this;
	}

	private void print() {
		try {
			RunProgress progress = this.runs.progress(this.runId);
			ItemCounts counts = progress.items();
			// a batch-mode run's items in flight wait in the provider's batches, for
			// hours
			boolean batch = progress.run().mode() == CallMode.BATCH;
			String line = String.format("%s  %d/%d done · %d ok · %d failed · %d invalid · %d %s · $%s", elapsed(),
					counts.done(), counts.total(), counts.succeeded(), counts.failed(), counts.invalid(),
					counts.inFlight(), batch ? "waiting on the provider" : "in flight",
					Cost.format(progress.spentUsd()));
			if (this.terminal) {
				this.err.print("\r" + line + "\u001B[K");
			}
			else {
				this.err.println(line);
			}
			this.err.flush();
		}
		catch (RuntimeException ex) {
			// progress is a courtesy: a failed read must not disturb the run
		}
	}

	private String elapsed() {
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.started);
		return String.format("%d:%02d", seconds / 60, seconds % 60);
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		if (this.terminal) {
			this.err.print("\r\u001B[K");
			this.err.flush();
		}
	}

}
