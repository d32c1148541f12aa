package io.imagebatch.dashboard;

import java.time.Instant;
import java.util.List;

import io.imagebatch.run.RunLineage;
import io.imagebatch.run.RunProgress;
import org.jspecify.annotations.Nullable;

/**
 * A run's place in a line of resubmissions: its parent, and the runs that retried its
 * items with how they went.
 *
 * @param parent the run it resubmits, if any
 * @param retries the runs that retried its items, oldest first
 * @param itemsRetried its items that a resubmission retried
 * @param retryCost what the retries cost
 */
record LineageView(@Nullable String parent, List<RunRow> retries, long itemsRetried, String retryCost) {

	static LineageView of(RunLineage lineage) {
		return new LineageView(lineage.resubmits(), lineage.resubmissions()
			.stream()
			// a finished line needs no pace: the rows show counts and cost
			.map((retry) -> RunRow
				.of(new RunProgress(retry.run(), retry.items(), retry.costUsd(), null, null, Instant.now())))
			.toList(), lineage.itemsRetried(), Formats.usd(lineage.retryCostUsd()));
	}

	public boolean any() {
		return this.parent != null || !this.retries.isEmpty();
	}

}
