package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.DailySpend;
import io.imagebatch.cost.SpendingTotal;
import org.jspecify.annotations.Nullable;

/**
 * Spending over a period as the costs page writes it: a row per day with its share of the
 * total, the same by model, size and quality (as the Run page shows a run's), the totals,
 * and the chart of the days.
 *
 * @param days a row per day with spending
 * @param models the spending by model, size and quality
 * @param total what the days add up to
 * @param byDayChart spending per day, every day of the period
 */
record SpendingRows(List<Day> days, CostTable models, Total total, ChartSpec byDayChart) {

	static final String DAY_COLOUR = "#0a5cc2";

	static SpendingRows of(CostPeriod period, List<DailySpend> days, List<CostLine> lines) {
		SpendingTotal total = SpendingTotal.ofDays(days);
		long whole = micros(total.usd());
		return new SpendingRows(
				days.stream()
					.map((day) -> new Day(day.day().toString(), day.images(), Formats.usdExact(day.usd()),
							Cost.format(day.usd()), day.unpricedImages(), Formats.percent(micros(day.usd()), whole)))
					.toList(),
				CostTable.of(lines, total.usd(), total.unpricedImages()),
				new Total(total.images(), Formats.usdExact(total.usd()), Cost.format(total.usd()),
						total.unpricedImages(),
						(total.savedUsd().signum() > 0) ? Formats.usdExact(total.savedUsd()) : null),
				byDayChart(period, days));
	}

	/**
	 * Every day of the period, those without spending at zero, at noon UTC of the day so
	 * that a browser in any zone near it draws the bar on its day.
	 */
	private static ChartSpec byDayChart(CostPeriod period, List<DailySpend> days) {
		Map<LocalDate, BigDecimal> spent = new LinkedHashMap<>();
		days.forEach((day) -> spent.put(day.day(), day.usd()));
		List<Long> x = new ArrayList<>();
		List<BigDecimal> values = new ArrayList<>();
		for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
			x.add(day.atTime(12, 0).toEpochSecond(ZoneOffset.UTC));
			values.add(spent.getOrDefault(day, BigDecimal.ZERO));
		}
		return new ChartSpec(true, true, x, null, List.of(new ChartSpec.Series("Spend (USD)", DAY_COLOUR, values)),
				"No spending in this period.");
	}

	private static long micros(BigDecimal usd) {
		return usd.movePointRight(Cost.SCALE).longValue();
	}

	/**
	 * A day's spending.
	 *
	 * @param day the day
	 * @param images images generated
	 * @param usd their known cost, for people
	 * @param usdPlain the same as the API and the CSV write it
	 * @param unpricedImages images whose price is unknown
	 * @param share the day's share of the total, in percent
	 */
	record Day(String day, long images, String usd, String usdPlain, long unpricedImages, String share) {
	}

	/**
	 * What the period cost.
	 *
	 * @param images images generated
	 * @param usd their known cost, for people
	 * @param usdPlain the same as the API writes it
	 * @param unpricedImages images whose price is unknown
	 * @param saved what calls in provider batches cost less than synchronous calls would
	 * have; {@code null} when there were none
	 */
	record Total(long images, String usd, String usdPlain, long unpricedImages, @Nullable String saved) {
	}

}
