package io.imagebatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.run.RunStatus;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.TerminalText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's report as a table for people, or as JSON (DESIGN §2.1) or CSV for
 * programs. Everything is printed from {@link RunReportJson}, the shape the API answers,
 * so that a report read from the database and one read through a server print alike.
 * Money is always a decimal string with six places.
 */
final class ReportRenderer {

	/**
	 * RFC 4180 quoting, with the line ends of the rest of the output so that the CSV
	 * reads like every other line printed.
	 */
	private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
		.setHeader("run", "model", "size", "quality", "images", "cost_usd", "unpriced_images", "mode", "saved_usd")
		.setRecordSeparator(System.lineSeparator())
		.get();

	private final JsonMapper json;

	ReportRenderer(JsonMapper json) {
		this.json = json;
	}

	void table(RunReport report, PrintWriter out) {
		table(RunReportJson.of(report), out);
	}

	/** The report as the API answers it: what a run through a server prints. */
	void table(RunReportJson report, PrintWriter out) {
		RunReportJson.Items items = report.items();
		out.printf("Run %s  %s%s%n", report.run(), report.status(),
				(report.statusReason() != null) ? " — " + TerminalText.line(report.statusReason()) : "");
		out.printf("Mode: %s%n", mode(report.mode(), report.savedUsd()));
		out.printf("Items: %d total · %d succeeded · %d failed · %d invalid%s%n", items.total(), items.succeeded(),
				items.failed(), items.invalid(), (items.pending() > 0) ? " · " + items.pending() + " pending" : "");
		out.printf("Images: %d stored in %s%n", report.images(), report.imagesLocation());
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

	private static void lineage(RunReportJson.Lineage lineage, PrintWriter out) {
		if (lineage.resubmits() != null) {
			out.printf("Resubmits failed items of run %s%n", lineage.resubmits());
		}
		if (lineage.resubmissions().isEmpty()) {
			return;
		}
		out.printf("Resubmitted: %d items retried%s, in %d runs costing $%s:%n", lineage.itemsRetried(),
				(lineage.itemsRetriedMoreThanOnce() > 0)
						? " (" + lineage.itemsRetriedMoreThanOnce() + " of them more than once)" : "",
				lineage.resubmissions().size(), lineage.retryCostUsd());
		for (RunReportJson.ResubmittedRun resubmission : lineage.resubmissions()) {
			out.printf("  %s  %s  %d items · %d succeeded · %d failed · %d invalid · $%s  (retries %s)%n",
					resubmission.run(), resubmission.status(), resubmission.items(), resubmission.succeeded(),
					resubmission.failed(), resubmission.invalid(), resubmission.costUsd(), resubmission.retries());
		}
	}

	private static String manifest(RunReportJson report) {
		if (report.manifest() != null) {
			return report.manifest();
		}
		return RunStatus.valueOf(report.status()).isFinal() ? "not written when the run ended (the log says why)"
				: "written when the run ends";
	}

	/**
	 * "sync", or "batch (provider's Batch API, half price) · $0.120000 saved against
	 * synchronous prices".
	 */
	static String mode(String mode, String savedUsd) {
		if (!CallMode.BATCH.id().equals(mode)) {
			return TerminalText.line(mode);
		}
		return "batch (the provider's Batch API, at half price) · $" + savedUsd + " saved against synchronous prices";
	}

	void costTable(RunReportJson report, PrintWriter out) {
		// a mode column only where batch calls appear: a synchronous run's table stays as
		// it always was
		boolean batch = report.costByModel().stream().anyMatch((line) -> !CallMode.SYNC.id().equals(line.mode()));
		long images = report.costByModel().stream().mapToLong(RunReportJson.ModelCost::images).sum();
		if (!batch) {
			TextTable table = new TextTable("MODEL", "SIZE", "QUALITY", "IMAGES", "COST USD").alignRight(3, 4);
			for (RunReportJson.ModelCost line : report.costByModel()) {
				table.row(line.model(), line.size(), line.quality(), line.images(), money(line));
			}
			table.row("TOTAL", "", "", images, report.costUsd());
			table.print(out, "");
		}
		else {
			TextTable table = new TextTable("MODEL", "SIZE", "QUALITY", "MODE", "IMAGES", "COST USD", "SAVED USD")
				.alignRight(4, 5, 6);
			for (RunReportJson.ModelCost line : report.costByModel()) {
				table.row(line.model(), line.size(), line.quality(), line.mode(), line.images(), money(line),
						line.savedUsd());
			}
			table.row("TOTAL", "", "", "", images, report.costUsd(), report.savedUsd());
			table.print(out, "");
		}
		if (report.unpricedImages() > 0) {
			out.printf("%d images have no known price and are not in the total; add them under imagebatch.prices%n",
					report.unpricedImages());
		}
	}

	private static String money(RunReportJson.ModelCost line) {
		String usd = line.costUsd();
		return (line.unpricedImages() > 0) ? usd + " (+" + line.unpricedImages() + " unpriced)" : usd;
	}

	void json(RunReport report, PrintWriter out) {
		json(RunReportJson.of(report), out);
	}

	void json(RunReportJson report, PrintWriter out) {
		out.println(this.json.writer().with(JsonControlEscapes.INSTANCE).writeValueAsString(report));
	}

	void csv(RunReport report, PrintWriter out) {
		csv(RunReportJson.of(report), out);
	}

	void csv(RunReportJson report, PrintWriter out) {
		try {
			CSVPrinter printer = CSV.print(out);
			for (RunReportJson.ModelCost line : report.costByModel()) {
				// quoted, a value cannot split a record; made printable, the record stays
				// on one line for grep and a terminal
				printer.printRecord(TerminalText.line(report.run()), TerminalText.line(line.model()),
						TerminalText.line(line.size()), TerminalText.line(line.quality()), line.images(),
						line.costUsd(), line.unpricedImages(), line.mode(), line.savedUsd());
			}
			printer.flush();
		}
		catch (IOException ex) {
			// not from a PrintWriter, which keeps its errors for checkError()
			throw new UncheckedIOException(ex);
		}
	}

}
