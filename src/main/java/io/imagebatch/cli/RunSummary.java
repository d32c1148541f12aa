package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemFailure;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.system.TerminalText;

/**
 * What a person sees when a run ends: outcome, where the images are, the cost table and
 * the items that did not succeed; and the exit code that goes with it.
 */
final class RunSummary {

	private static final int FAILURES_SHOWN = 20;

	/** A reason in the summary is cut to this; {@code failures} shows it all. */
	private static final int REASON_SHOWN = 300;

	private RunSummary() {
	}

	static int print(RunAccess runs, Run ended, PrintWriter out) {
		RunReportJson report = runs.report(ended.id());
		new ReportRenderer(runs.json()).table(report, out);
		if (ended.rowsAlreadyDone() > 0) {
			out.printf("%n%s%n", alreadyDone(ended.rowsAlreadyDone()));
		}
		printFailures(runs.failures(ended.id(), null), out);
		out.printf("%nDetails: imagebatch report %s --format json · imagebatch failures %s%n", ended.id(), ended.id());
		return ExitCodes.of(ended, report.items().failed() + report.items().invalid());
	}

	private static void printFailures(List<ItemFailure> failures, PrintWriter out) {
		if (failures.isEmpty()) {
			return;
		}
		out.println();
		out.println("Items that did not succeed:");
		TextTable table = new TextTable("LINE", "ID", "TYPE", "REASON").alignRight(0);
		failures.stream()
			.limit(FAILURES_SHOWN)
			.forEach((failure) -> table.row(failure.line(), failure.externalId(), failure.type(),
					TerminalText.line(reason(failure), REASON_SHOWN)));
		table.print(out, "  ");
		if (failures.size() > FAILURES_SHOWN) {
			out.printf("  … and %d more%n", failures.size() - FAILURES_SHOWN);
		}
	}

	/** "1,200 rows left out: already done for this source". */
	static String alreadyDone(long rows) {
		return String.format(Locale.ROOT, "%,d %s left out: already done for this source", rows,
				(rows == 1) ? "row" : "rows");
	}

	static String reason(ItemFailure failure) {
		boolean gatewayCode = failure.code() != null && failure.type() != ErrorType.INVALID;
		return (gatewayCode ? failure.code() + ": " : "") + failure.message();
	}

}
