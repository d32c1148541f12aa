package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.DailySpend;
import io.imagebatch.cost.SpendingTotal;
import org.jspecify.annotations.Nullable;

/**
 * Spending over a period as the costs page writes it: the tables' rows with each row's
 * share of the total, the totals, and the charts' data.
 *
 * @param days a row per day with spending
 * @param models a row per model, size and quality
 * @param total what the days add up to
 * @param byDayChart the chart of spending per day, every day of the period
 * @param byModelChart the chart of spending per model, size and quality
 */
record SpendingRows(List<Row> days, List<Row> models, Total total, Map<String, Object> byDayChart,
		Map<String, Object> byModelChart) {

	static final String DAY_COLOUR = "#0a5cc2";

	static final String MODEL_COLOUR = "#1a7f37";

	static SpendingRows of(CostPeriod period, List<DailySpend> days, List<CostLine> lines) {
		SpendingTotal total = SpendingTotal.ofDays(days);
		return new SpendingRows(
				rows(days, total, (day) -> day.day().toString(), DailySpend::images, DailySpend::usd,
						DailySpend::unpricedImages),
				rows(lines, total, SpendingRows::label, CostLine::images, CostLine::usd, CostLine::unpricedImages),
				new Total(total.images(), Formats.usdExact(total.usd()), Cost.format(total.usd()),
						total.unpricedImages()),
				byDayChart(period, days), byModelChart(lines));
	}

	static String label(CostLine line) {
		return line.model() + " · " + line.size() + " · " + line.quality();
	}

	private static <T> List<Row> rows(List<T> lines, SpendingTotal total, Function<T, String> label,
			Function<T, Long> images, Function<T, BigDecimal> usd, Function<T, Long> unpriced) {
		long whole = micros(total.usd());
		List<Row> rows = new ArrayList<>();
		for (T line : lines) {
			rows.add(new Row(rows.size() + 1, label.apply(line), images.apply(line), Formats.usdExact(usd.apply(line)),
					Cost.format(usd.apply(line)), unpriced.apply(line),
					Formats.percent(micros(usd.apply(line)), whole)));
		}
		return rows;
	}

	/**
	 * Every day of the period, those without spending at zero, at noon UTC of the day so
	 * that a browser in any zone near it draws the bar on its day.
	 */
	private static Map<String, Object> byDayChart(CostPeriod period, List<DailySpend> days) {
		Map<LocalDate, BigDecimal> spent = new LinkedHashMap<>();
		days.forEach((day) -> spent.put(day.day(), day.usd()));
		List<Long> x = new ArrayList<>();
		List<Double> values = new ArrayList<>();
		for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
			x.add(day.atTime(12, 0).toEpochSecond(ZoneOffset.UTC));
			values.add(spent.getOrDefault(day, BigDecimal.ZERO).doubleValue());
		}
		return chart(true, x, null, "Spend (USD)", DAY_COLOUR, values, "No spending in this period.");
	}

	private static Map<String, Object> byModelChart(List<CostLine> lines) {
		List<Integer> x = new ArrayList<>();
		for (int index = 0; index < lines.size(); index++) {
			x.add(index);
		}
		Map<String, Object> chart = chart(false, x, lines.stream().map(SpendingRows::label).toList(), "Spend (USD)",
				MODEL_COLOUR, lines.stream().map((line) -> line.usd().doubleValue()).toList(),
				"No spending in this period.");
		// the bars are numbered as the table's rows: the labels are too long for the axis
		chart.put("ticks", x.stream().map((index) -> Integer.toString(index + 1)).toList());
		return chart;
	}

	/** The chart as {@code dashboard.js} reads it. */
	private static Map<String, Object> chart(boolean time, List<? extends Number> x, @Nullable List<String> labels,
			String series, String colour, List<Double> values, String empty) {
		Map<String, Object> chart = new LinkedHashMap<>();
		chart.put("time", time);
		chart.put("bars", true);
		chart.put("x", x);
		if (labels != null) {
			chart.put("labels", labels);
		}
		chart.put("series", List.of(Map.of("label", series, "color", colour, "values", values)));
		chart.put("empty", empty);
		return chart;
	}

	private static long micros(BigDecimal usd) {
		return usd.movePointRight(Cost.SCALE).longValue();
	}

	/**
	 * A line of a spending table.
	 *
	 * @param rank the line's place, from 1
	 * @param label the day, or the model, size and quality
	 * @param images images generated
	 * @param usd their known cost, for people
	 * @param usdPlain the same as the API and the CSV write it
	 * @param unpricedImages images whose price is unknown
	 * @param share the line's share of the total, in percent
	 */
	record Row(int rank, String label, long images, String usd, String usdPlain, long unpricedImages, String share) {
	}

	/**
	 * What the period cost.
	 *
	 * @param images images generated
	 * @param usd their known cost, for people
	 * @param usdPlain the same as the API writes it
	 * @param unpricedImages images whose price is unknown
	 */
	record Total(long images, String usd, String usdPlain, long unpricedImages) {
	}

}
