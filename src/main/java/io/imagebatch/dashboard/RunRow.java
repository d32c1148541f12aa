package io.imagebatch.dashboard;

import java.math.BigDecimal;

import io.imagebatch.run.ItemCounts;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import org.jspecify.annotations.Nullable;

/**
 * A run as the dashboard's lists and headers write it: every figure formatted, every bar
 * segment's width worked out, nothing left to compute in a template.
 *
 * @param id the run id
 * @param title its name, or its id when it has none
 * @param source where its rows come from
 * @param gateway the gateway it calls
 * @param status where it is
 * @param statusReason why it stopped or failed, if it did
 * @param active whether it is queued or running
 * @param items its items by status
 * @param bar its progress bar
 * @param spent what it has cost so far
 * @param budget its budget, {@code null} without one
 * @param budgetPercent the share of the budget spent, {@code null} without one
 * @param budgetWidth the budget meter's width: that share, at most full
 * @param overBudget whether spending reached the budget
 * @param throughput items settled per minute
 * @param eta the time left at that pace
 * @param created when it was submitted
 * @param parentRunId the run it resubmits, if any
 * @param batch whether its calls go through the provider's Batch API, at half price
 * @param saved a batch-mode run's saving against synchronous prices, {@code null} for a
 * synchronous run
 */
record RunRow(String id, String title, String source, String gateway, String status, @Nullable String statusReason,
		boolean active, ItemCounts items, ProgressBar bar, String spent, @Nullable String budget,
		@Nullable String budgetPercent, String budgetWidth, boolean overBudget, String throughput, String eta,
		String created, @Nullable String parentRunId, boolean batch, @Nullable String saved) {

	static RunRow of(RunProgress progress) {
		Run run = progress.run();
		BigDecimal budget = run.budgetUsd();
		BigDecimal spent = progress.spentUsd();
		boolean withBudget = budget != null && budget.signum() > 0;
		long spentMicros = spent.movePointRight(6).longValue();
		long budgetMicros = withBudget ? budget.movePointRight(6).longValue() : 0;
		return new RunRow(run.id(), (run.name() != null) ? run.name() : run.id(), run.source(), run.gateway(),
				run.status().name(), run.statusReason(), !run.status().isFinal(), progress.items(),
				ProgressBar.of(progress.items()), Formats.usd(spent), (budget != null) ? Formats.usd(budget) : null,
				withBudget ? Formats.percent(spentMicros, budgetMicros) : null,
				Formats.percent(Math.min(spentMicros, budgetMicros), budgetMicros),
				withBudget && spentMicros >= budgetMicros, Formats.rate(progress.itemsPerMinute()),
				// a batch run's pace says nothing of when the provider answers
				(run.mode() == CallMode.BATCH) ? "within 24 h" : Formats.duration(progress.eta()),
				Formats.time(run.createdAt()), run.parentRunId(), run.mode() == CallMode.BATCH,
				(run.mode() == CallMode.BATCH) ? Formats.usd(progress.savedUsd()) : null);
	}

}
