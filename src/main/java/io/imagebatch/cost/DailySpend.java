package io.imagebatch.cost;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What one day cost, over every run.
 *
 * @param day the day, in the zone asked for
 * @param images images generated that day
 * @param usd their known cost
 * @param unpricedImages images whose price is unknown (not counted in {@code usd})
 * @param savedUsd what that day's calls in provider batches would have cost more
 * synchronously
 */
public record DailySpend(LocalDate day, long images, BigDecimal usd, long unpricedImages, BigDecimal savedUsd) {

	/** A day of synchronous calls only. */
	public DailySpend(LocalDate day, long images, BigDecimal usd, long unpricedImages) {
		this(day, images, usd, unpricedImages, BigDecimal.ZERO.setScale(Cost.SCALE));
	}

}
