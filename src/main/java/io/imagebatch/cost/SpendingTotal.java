package io.imagebatch.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * What lines of a cost report add up to.
 *
 * @param images images generated
 * @param usd their known cost
 * @param unpricedImages images whose price is unknown (not counted in {@code usd})
 * @param savedUsd what the calls made in provider batches would have cost more
 * synchronously
 */
public record SpendingTotal(long images, BigDecimal usd, long unpricedImages, BigDecimal savedUsd) {

	/** The sum of days' spending. */
	public static SpendingTotal ofDays(List<DailySpend> days) {
		return new SpendingTotal(days.stream().mapToLong(DailySpend::images).sum(),
				sum(days.stream().map(DailySpend::usd).toList()),
				days.stream().mapToLong(DailySpend::unpricedImages).sum(),
				sum(days.stream().map(DailySpend::savedUsd).toList()));
	}

	/** The sum of lines by model, size and quality. */
	public static SpendingTotal ofLines(List<CostLine> lines) {
		return new SpendingTotal(lines.stream().mapToLong(CostLine::images).sum(),
				sum(lines.stream().map(CostLine::usd).toList()),
				lines.stream().mapToLong(CostLine::unpricedImages).sum(),
				sum(lines.stream().map(CostLine::savedUsd).toList()));
	}

	private static BigDecimal sum(List<BigDecimal> amounts) {
		return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(Cost.SCALE);
	}

}
