package io.imagebatch.run;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.SpendingTotal;
import org.jspecify.annotations.Nullable;

/**
 * A run's outcome and cost.
 *
 * @param run the run
 * @param items its items by status
 * @param images images stored
 * @param costUsd what it cost (known prices)
 * @param unpricedImages images whose price is unknown
 * @param costByModel cost by model, size and quality
 * @param failuresByType failed and invalid items by error type
 * @param imageLocation where its images are
 * @param lineage what it retries and what retried it
 * @param manifestLocation where the manifest written when it last ended is; {@code null}
 * while it runs, before it first ends, or when the manifest could not be written
 */
public record RunReport(Run run, ItemCounts items, long images, BigDecimal costUsd, long unpricedImages,
		List<CostLine> costByModel, Map<ErrorType, Long> failuresByType, String imageLocation, RunLineage lineage,
		@Nullable String manifestLocation) {

	/**
	 * What its calls made in provider batches would have cost more synchronously: zero
	 * for a synchronous run.
	 */
	public BigDecimal savedUsd() {
		return SpendingTotal.ofLines(this.costByModel).savedUsd();
	}

}
