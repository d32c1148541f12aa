package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.SpendingTotal;

/**
 * What a run cost by model, size and quality: a table whose rows carry a bar of their
 * share, the total, and the same as a chart.
 *
 * @param rows one per model, size and quality
 * @param total the run's known cost
 * @param unpricedImages images whose price is unknown, not in the total
 * @param chart the cost of each model as bars
 * @param modes whether calls in provider batches appear: then each row names its mode and
 * saving
 * @param saved what the calls in provider batches cost less than synchronous calls would
 * have
 */
record CostTable(List<Row> rows, String total, long unpricedImages, ChartSpec chart, boolean modes, String saved) {

	static CostTable of(List<CostLine> lines, BigDecimal total, long unpricedImages) {
		SpendingTotal sum = SpendingTotal.ofLines(lines);
		BigDecimal largest = lines.stream().map(CostLine::usd).reduce(BigDecimal.ZERO, BigDecimal::max);
		List<Row> rows = lines.stream()
			.map((line) -> new Row(line.model(), line.size(), line.quality(), line.images(), Formats.usd(line.usd()),
					Cost.format(line.usd()), line.unpricedImages(),
					Formats.percent(line.usd().movePointRight(6).longValue(), largest.movePointRight(6).longValue()),
					line.mode().id(), Formats.usd(line.savedUsd())))
			.toList();
		// by model only: a bar per model, size and quality would be too many to label
		Map<String, BigDecimal> byModel = new TreeMap<>();
		lines.forEach((line) -> byModel.merge(line.model(), line.usd(), BigDecimal::add));
		ChartSpec chart = new ChartSpec(false, true, IntStream.range(0, byModel.size()).boxed().toList(),
				List.copyOf(byModel.keySet()),
				List.of(new ChartSpec.Series("Cost (USD)", "#0a5cc2", List.copyOf(byModel.values()))),
				"No call has been paid for yet.");
		return new CostTable(rows, Formats.usd(total), unpricedImages, chart, CostLine.anyBatch(lines),
				Formats.usd(sum.savedUsd()));
	}

	/**
	 * One model, size and quality.
	 *
	 * @param model the model
	 * @param size the size
	 * @param quality the quality
	 * @param images images paid for
	 * @param usd what they cost
	 * @param usdPlain the same as the API and a CSV file write it
	 * @param unpricedImages of those, images whose price is unknown
	 * @param share the width of its bar: its cost against the largest row's
	 * @param mode how its calls were made: {@code sync} or {@code batch}
	 * @param saved what its calls in provider batches cost less than synchronous calls
	 * would have
	 */
	record Row(String model, String size, String quality, long images, String usd, String usdPlain, long unpricedImages,
			String share, String mode, String saved) {

	}

}
