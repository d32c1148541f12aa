package io.imagebatch.cost;

import java.math.BigDecimal;
import java.util.List;

import io.imagebatch.gateway.CallMode;

/**
 * One row of a cost report.
 *
 * @param model the model
 * @param size the size
 * @param quality the quality
 * @param images images generated
 * @param usd the known cost of those images
 * @param unpricedImages images whose price is unknown (not counted in {@code usd})
 * @param mode how the calls were made: a line's calls are all synchronous or all in
 * provider batches
 * @param savedUsd what the calls would have cost more synchronously: zero for synchronous
 * calls
 */
public record CostLine(String model, String size, String quality, long images, BigDecimal usd, long unpricedImages,
		CallMode mode, BigDecimal savedUsd) {

	/** A line of synchronous calls. */
	public CostLine(String model, String size, String quality, long images, BigDecimal usd, long unpricedImages) {
		this(model, size, quality, images, usd, unpricedImages, CallMode.SYNC, BigDecimal.ZERO.setScale(Cost.SCALE));
	}

	/** Whether any of the lines is of calls made in provider batches. */
	public static boolean anyBatch(List<CostLine> lines) {
		return lines.stream().anyMatch((line) -> line.mode() == CallMode.BATCH);
	}

}
