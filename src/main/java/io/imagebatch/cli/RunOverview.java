package io.imagebatch.cli;

import java.math.BigDecimal;
import java.util.List;

import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunWorker;
import io.imagebatch.web.RunView;
import org.jspecify.annotations.Nullable;

/**
 * A run as {@code runs} and {@code status} show it.
 *
 * @param run the run
 * @param counts its items by status
 * @param spentUsd what it has cost so far
 * @param owner while it runs: the worker owning its job, if any
 * @param orphaned while it runs: whether that owner is gone
 * @param workers while it runs: the workers holding its items in flight
 * @param savedUsd what its calls in provider batches cost less than synchronous calls
 * would have
 * @param batches a batch-mode run's parts, with what the provider last said of each;
 * empty for a synchronous run
 */
record RunOverview(Run run, ItemCounts counts, BigDecimal spentUsd, @Nullable String owner, boolean orphaned,
		List<RunWorker> workers, BigDecimal savedUsd, List<RunView.Batch> batches) {

	RunOverview {
		batches = List.copyOf(batches);
	}

}
