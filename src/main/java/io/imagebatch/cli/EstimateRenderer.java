package io.imagebatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import io.imagebatch.cost.Cost;
import io.imagebatch.estimate.SpendEstimate;
import io.imagebatch.estimate.SpendEstimateJson;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link SpendEstimate} as tables for people, or as one JSON object for
 * programs. Money is a decimal string with six places, as in the run report.
 */
final class EstimateRenderer {

	/** The price basis of every estimate: per-image list prices. */

	/** An invalid row's reason is one sentence; a gateway column's name is short. */
	private static final int REASON_SHOWN = 2_300;

	private final JsonMapper json;

	EstimateRenderer(JsonMapper json) {
		this.json = json;
	}

	void table(SpendEstimate estimate, PrintWriter out) {
		out.printf("Estimate of %s via gateway '%s': %d rows · %d valid · %d invalid · %d images%n",
				TerminalText.line(estimate.source()), TerminalText.line(estimate.gateway()), estimate.rows(),
				estimate.validRows(), estimate.invalidRows(), estimate.images());
		if (estimate.alreadyDone() > 0) {
			out.println(RunSummary.alreadyDone(estimate.alreadyDone()));
		}
		out.println();
		costTable(estimate, out);
		unpriced(estimate, out);
		invalid(estimate, out);
		out.println();
		for (SpendEstimate.Pace pace : estimate.pace()) {
			out.println(pace(pace));
		}
	}

	private static void costTable(SpendEstimate estimate, PrintWriter out) {
		TextTable table = new TextTable("MODEL", "SIZE", "QUALITY", "ROWS", "IMAGES", "UNIT", "SYNC USD", "BATCH USD")
			.alignRight(3, 4, 5, 6, 7);
		for (SpendEstimate.Line line : estimate.lines()) {
			table.row(line.model(), line.size(), line.quality(), line.rows(), line.images(),
					Cost.format(line.unitUsd()), Cost.format(line.syncUsd()), Cost.format(line.batchUsd()));
		}
		table.row("TOTAL", "", "", estimate.lines().stream().mapToLong(SpendEstimate.Line::rows).sum(),
				estimate.lines().stream().mapToLong(SpendEstimate.Line::images).sum(), "",
				Cost.format(estimate.syncUsd()), Cost.format(estimate.batchUsd()));
		table.print(out, "");
		out.println("At list prices per image; batch mode is half the synchronous price.");
		List<String> byUsage = estimate.lines()
			.stream()
			.filter(SpendEstimate.Line::pricedByUsage)
			.map((line) -> TerminalText.line(line.model()))
			.distinct()
			.toList();
		if (!byUsage.isEmpty()) {
			out.printf("%s %s charged by the tokens a call uses when the gateway reports them, which may differ.%n",
					String.join(", ", byUsage), (byUsage.size() == 1) ? "is" : "are");
		}
	}

	private static void unpriced(SpendEstimate estimate, PrintWriter out) {
		if (estimate.unpriced().isEmpty()) {
			return;
		}
		out.println();
		out.printf("%d rows (%d images) have no known price and are not in the totals; "
				+ "add them under imagebatch.prices:%n", estimate.unpricedRows(), estimate.unpricedImages());
		TextTable table = new TextTable("MODEL", "SIZE", "QUALITY", "ROWS", "IMAGES").alignRight(3, 4);
		for (SpendEstimate.Unpriced line : estimate.unpriced()) {
			table.row(line.model(), line.size(), line.quality(), line.rows(), line.images());
		}
		table.print(out, "");
	}

	private static void invalid(SpendEstimate estimate, PrintWriter out) {
		if (estimate.invalidRows() == 0) {
			return;
		}
		out.println();
		out.printf("%d rows are INVALID and would make no call%s:%n", estimate.invalidRows(),
				(estimate.invalid().size() < estimate.invalidRows())
						? " (the first " + estimate.invalid().size() + " shown)" : "");
		TextTable table = new TextTable("LINE", "ID", "REASON").alignRight(0);
		for (SpendEstimate.InvalidRow row : estimate.invalid()) {
			table.row(row.line(), row.id(), TerminalText.line(row.reason(), REASON_SHOWN));
		}
		table.print(out, "");
	}

	/** "at 50 requests/min and 100 images/min: about 12 min". */
	static String pace(SpendEstimate.Pace pace) {
		String calls = "%d requests, %d images".formatted(pace.requests(), pace.images());
		String gateway = "Gateway '" + TerminalText.line(pace.gateway()) + "'";
		if (pace.time() == null) {
			return gateway + ": no limit configured (" + calls + ")";
		}
		StringBuilder limits = new StringBuilder();
		if (pace.requestsPerMinute() != null) {
			limits.append(pace.requestsPerMinute()).append(" requests/min");
		}
		if (pace.imagesPerMinute() != null) {
			limits.append(limits.isEmpty() ? "" : " and ").append(pace.imagesPerMinute()).append(" images/min");
		}
		return "%s at %s: %s (%s)".formatted(gateway, limits, about(pace.time()), calls);
	}

	/** Minutes rounded up: an estimate, not a promise. */
	static String about(Duration time) {
		if (time.isZero()) {
			return "no time";
		}
		long minutes = (time.toSeconds() + 59) / 60;
		if (time.toSeconds() < 60) {
			return "under a minute";
		}
		if (minutes < 60) {
			return "about " + minutes + " min";
		}
		return "about %d h %d min".formatted(minutes / 60, minutes % 60);
	}

	void json(SpendEstimate estimate, PrintWriter out) {
		out.println(this.json.writer()
			.with(JsonControlEscapes.INSTANCE)
			.writeValueAsString(SpendEstimateJson.of(estimate)));
	}

}
