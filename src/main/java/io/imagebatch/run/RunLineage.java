package io.imagebatch.run;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a run stands in a line of resubmissions: what it retries, what retried it, and
 * what the retries cost.
 *
 * @param resubmits the run whose failed items this run retries, if any
 * @param resubmissions runs that retried this run's items, and their retries in turn,
 * oldest first
 * @param itemsRetried this run's items that a resubmission retried
 * @param itemsRetriedMoreThanOnce of those, the ones retried more than once
 * @param retryCostUsd what the resubmissions cost, all together
 */
public record RunLineage(@Nullable String resubmits, List<Resubmitted> resubmissions, long itemsRetried,
		long itemsRetriedMoreThanOnce, BigDecimal retryCostUsd) {

	/**
	 * A run in the line.
	 *
	 * @param run the run
	 * @param items its items by status
	 * @param costUsd what it cost
	 */
	public record Resubmitted(Run run, ItemCounts items, BigDecimal costUsd) {
	}

}
