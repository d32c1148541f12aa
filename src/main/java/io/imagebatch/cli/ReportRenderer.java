package io.imagebatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.RunLineage;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.TerminalText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link RunReport} as a table for people, or as JSON (DESIGN §2.1) or CSV for
 * programs. Money is always a decimal string with six places.
 */
final class ReportRenderer {

	/**
	 * RFC 4180 quoting, with the line ends of the rest of the output so that the CSV
	 * reads like every other line printed.
	 */
	private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
		.setHeader("run", "model", "size", "quality", "images", "cost_usd", "unpriced_images")
		.setRecordSeparator(System.lineSeparator())
		.get();

	private final JsonMapper json;

	ReportRenderer(JsonMapper json) {
		this.json = json;
	}

	void table(RunReport report, PrintWriter out) {
		ItemCounts items = report.items();
		out.printf("Run %s  %s%s%n", report.run().id(), report.run().status(),
				(report.run().statusReason() != null) ? " — " + TerminalText.line(report.run().statusReason()) : "");
		out.printf("Items: %d total · %d succeeded · %d failed · %d invalid%s%n", items.total(), items.succeeded(),
				items.failed(), items.invalid(), (items.pending() + items.inFlight() > 0)
						? " · " + (items.pending() + items.inFlight()) + " pending" : "");
		out.printf("Images: %d stored in %s%n", report.images(), report.imageLocation());
		out.printf("Manifest: %s%n", manifest(report));
		if (!report.failuresByType().isEmpty()) {
			StringBuilder failures = new StringBuilder("Failures by type:");
			report.failuresByType()
				.forEach((type, count) -> failures.append(' ').append(type).append('=').append(count));
			out.println(failures);
		}
		lineage(report.lineage(), out);
		out.println();
		costTable(report, out);
	}

	private static void lineage(RunLineage lineage, PrintWriter out) {
		if (lineage.resubmits() != null) {
			out.printf("Resubmits failed items of run %s%n", lineage.resubmits());
		}
		if (lineage.resubmissions().isEmpty()) {
			return;
		}
		out.printf("Resubmitted: %d items retried%s, in %d runs costing $%s:%n", lineage.itemsRetried(),
				(lineage.itemsRetriedMoreThanOnce() > 0)
						? " (" + lineage.itemsRetriedMoreThanOnce() + " of them more than once)" : "",
				lineage.resubmissions().size(), Cost.format(lineage.retryCostUsd()));
		for (RunLineage.Resubmitted resubmission : lineage.resubmissions()) {
			ItemCounts items = resubmission.items();
			out.printf("  %s  %s  %d items · %d succeeded · %d failed · %d invalid · $%s  (retries %s)%n",
					resubmission.run().id(), resubmission.run().status(), items.total(), items.succeeded(),
					items.failed(), items.invalid(), Cost.format(resubmission.costUsd()),
					resubmission.run().parentRunId());
		}
	}

	private static String manifest(RunReport report) {
		if (report.manifestLocation() != null) {
			return report.manifestLocation();
		}
		return report.run().status().isFinal() ? "not written when the run ended (the log says why)"
				: "written when the run ends";
	}

	void costTable(RunReport report, PrintWriter out) {
		TextTable table = new TextTable("MODEL", "SIZE", "QUALITY", "IMAGES", "COST USD").alignRight(3, 4);
		for (CostLine line : report.costByModel()) {
			table.row(line.model(), line.size(), line.quality(), line.images(), money(line));
		}
		table.row("TOTAL", "", "", report.costByModel().stream().mapToLong(CostLine::images).sum(),
				Cost.format(report.costUsd()));
		table.print(out, "");
		if (report.unpricedImages() > 0) {
			out.printf("%d images have no known price and are not in the total; add them under imagebatch.prices%n",
					report.unpricedImages());
		}
	}

	private static String money(CostLine line) {
		String usd = Cost.format(line.usd());
		return (line.unpricedImages() > 0) ? usd + " (+" + line.unpricedImages() + " unpriced)" : usd;
	}

	void json(RunReport report, PrintWriter out) {
		out.println(this.json.writer().with(JsonControlEscapes.INSTANCE).writeValueAsString(RunReportJson.of(report)));
	}

	void csv(RunReport report, PrintWriter out) {
		try {
			CSVPrinter printer = CSV.print(out);
			for (CostLine line : report.costByModel()) {
				// quoted, a value cannot split a record; made printable, the record stays
				// on one line for grep and a terminal
				printer.printRecord(TerminalText.line(report.run().id()), TerminalText.line(line.model()),
						TerminalText.line(line.size()), TerminalText.line(line.quality()), line.images(),
						Cost.format(line.usd()), line.unpricedImages());
			}
			printer.flush();
		}
		catch (IOException ex) {
			// not from a PrintWriter, which keeps its errors for checkError()
			throw new UncheckedIOException(ex);
		}
	}

}
