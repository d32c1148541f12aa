package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.RunLineage;
import io.imagebatch.run.RunReport;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.TerminalText;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link RunReport} as a table for people, or as JSON (DESIGN §2.1) or CSV for
 * programs. Money is always a decimal string with six places.
 */
final class ReportRenderer {

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
		ObjectNode root = this.json.createObjectNode();
		root.put("run", report.run().id());
		root.put("status", report.run().status().name());
		if (report.run().statusReason() != null) {
			root.put("status_reason", report.run().statusReason());
		}
		ObjectNode items = root.putObject("items");
		ItemCounts counts = report.items();
		items.put("total", counts.total());
		items.put("succeeded", counts.succeeded());
		items.put("failed", counts.failed());
		items.put("invalid", counts.invalid());
		items.put("pending", counts.pending() + counts.inFlight());
		root.put("images", report.images());
		root.put("cost_usd", Cost.format(report.costUsd()));
		root.put("unpriced_images", report.unpricedImages());
		ArrayNode byModel = root.putArray("cost_by_model");
		for (CostLine line : report.costByModel()) {
			ObjectNode entry = byModel.addObject();
			entry.put("model", line.model());
			entry.put("size", line.size());
			entry.put("quality", line.quality());
			entry.put("images", line.images());
			entry.put("cost_usd", Cost.format(line.usd()));
			entry.put("unpriced_images", line.unpricedImages());
		}
		ObjectNode failures = root.putObject("failures_by_type");
		for (Map.Entry<ErrorType, Long> entry : report.failuresByType().entrySet()) {
			failures.put(entry.getKey().name(), entry.getValue());
		}
		root.put("images_location", report.imageLocation());
		RunLineage lineage = report.lineage();
		ObjectNode line = root.putObject("lineage");
		line.put("resubmits", lineage.resubmits());
		line.put("items_retried", lineage.itemsRetried());
		line.put("items_retried_more_than_once", lineage.itemsRetriedMoreThanOnce());
		line.put("retry_cost_usd", Cost.format(lineage.retryCostUsd()));
		ArrayNode resubmissions = line.putArray("resubmissions");
		for (RunLineage.Resubmitted resubmission : lineage.resubmissions()) {
			ObjectNode entry = resubmissions.addObject();
			entry.put("run", resubmission.run().id());
			entry.put("retries", resubmission.run().parentRunId());
			entry.put("status", resubmission.run().status().name());
			entry.put("items", resubmission.items().total());
			entry.put("succeeded", resubmission.items().succeeded());
			entry.put("failed", resubmission.items().failed());
			entry.put("invalid", resubmission.items().invalid());
			entry.put("cost_usd", Cost.format(resubmission.costUsd()));
		}
		if (report.manifestLocation() != null) {
			root.put("manifest", report.manifestLocation());
		}
		out.println(this.json.writer().with(JsonControlEscapes.INSTANCE).writeValueAsString(root));
	}

	void csv(RunReport report, PrintWriter out) {
		out.println("run,model,size,quality,images,cost_usd,unpriced_images");
		for (CostLine line : report.costByModel()) {
			out.printf("%s,%s,%s,%s,%d,%s,%d%n", report.run().id(), csvField(line.model()), csvField(line.size()),
					csvField(line.quality()), line.images(), Cost.format(line.usd()), line.unpricedImages());
		}
	}

	/** One line per row, whatever the field held; quoted when it needs to be. */
	private static String csvField(String value) {
		String printable = TerminalText.line(value);
		return (printable.contains(",") || printable.contains("\"")) ? "\"" + printable.replace("\"", "\"\"") + "\""
				: printable;
	}

}
