package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.List;

import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemFailure;
import io.imagebatch.run.Run;
import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code failures <run>}: the items that did not succeed, with their cause.
 */
@Command(name = "failures", description = "List a run's failed and invalid items with their cause.")
class FailuresCommand implements Cli.ClientCommand {

	/**
	 * A gateway's code and message are stored bounded (200 and 2,000 characters); items
	 * stored before they were may hold more.
	 */
	private static final int REASON_SHOWN = 2_300;

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--error-type", description = "only this type: ${COMPLETION-CANDIDATES}")
	@Nullable ErrorType errorType;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		Run run = runs.find(this.run);
		List<ItemFailure> failures = runs.failures(run.id(), this.errorType);
		TextTable table = new TextTable("ITEM", "LINE", "ID", "STATUS", "TYPE", "MODEL", "REASON").alignRight(0, 1);
		for (ItemFailure failure : failures) {
			table.row(failure.itemId(), failure.line(), failure.externalId(), failure.status(), failure.type(),
					(failure.model() != null) ? failure.model() : "",
					TerminalText.line(RunSummary.reason(failure), REASON_SHOWN));
		}
		table.print(out, "");
		err.printf("%d items%n", failures.size());
		return Cli.OK;
	}

}
