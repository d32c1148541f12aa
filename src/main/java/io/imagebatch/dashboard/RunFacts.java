package io.imagebatch.dashboard;

import java.util.List;
import java.util.Locale;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.RunWorker;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;

/**
 * What was asked of a run and who works on it: the Run page's facts.
 *
 * @param source where its rows come from
 * @param gateway the gateway it calls
 * @param concurrency calls in flight at most
 * @param started when it last started
 * @param ended when it ended
 * @param owner the worker running its job, while it runs
 * @param orphaned while it runs, whether its owner is gone
 * @param workers the workers holding its items in flight
 * @param canStop whether it can be stopped now
 * @param canRestart whether it can be restarted now
 * @param canResubmit whether its failures can be resubmitted now
 * @param alreadyDone how many rows its load step left out as already done for its source,
 * in words, or {@code null} when none were
 * @param schedule the schedule whose firing created it, if any
 * @param fired the time that firing fired for, or a dash
 */
record RunFacts(String source, String gateway, int concurrency, String started, String ended, @Nullable String owner,
		boolean orphaned, List<RunWorker> workers, boolean canStop, boolean canRestart, boolean canResubmit,
		@Nullable String alreadyDone, @Nullable String schedule, String fired) {

	static RunFacts of(Run run, Runs runs) {
		RunStatus status = run.status();
		boolean running = status == RunStatus.RUNNING;
		boolean orphaned = running && runs.orphaned(run);
		return new RunFacts(run.source(), run.gateway(), run.concurrency(), Formats.time(run.startedAt()),
				Formats.time(run.endedAt()), running ? runs.owner(run.id()).orElse(null) : null, orphaned,
				running ? runs.workersOf(run.id()) : List.of(), running || status == RunStatus.QUEUED,
				status == RunStatus.STOPPED || status == RunStatus.FAILED || orphaned, status.isFinal(),
				alreadyDone(run.rowsAlreadyDone()), run.schedule(), Formats.time(run.fireTime()));
	}

	private static @Nullable String alreadyDone(long rows) {
		return (rows > 0) ? String.format(Locale.ROOT, "%,d %s already done for this source, left out", rows,
				(rows == 1) ? "row" : "rows") : null;
	}

}
