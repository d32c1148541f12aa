package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.cost.Cost;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runs}: the most recent runs.
 */
@Command(name = "runs", description = "List recent runs.")
class RunsCommand implements Cli.ClientCommand {

	@Option(names = "--limit", defaultValue = "20", description = "how many runs (default: ${DEFAULT-VALUE})")
	int limit;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		TextTable table = new TextTable("RUN", "STATUS", "MODE", "DONE", "OK", "FAILED", "INVALID", "COST USD",
				"CREATED", "OWNER", "NAME")
			.alignRight(3, 4, 5, 6, 7);
		for (RunOverview overview : runs.recent(this.limit)) {
			Run run = overview.run();
			ItemCounts counts = overview.counts();
			// a RUNNING run whose owner died says so: a worker adopts it, or a restart
			// continues it
			table.row(run.id(), overview.orphaned() ? "CRASHED" : run.status(), run.mode().id(),
					counts.done() + "/" + counts.total(), counts.succeeded(), counts.failed(), counts.invalid(),
					Cost.format(overview.spentUsd()), run.createdAt(),
					(run.status() == RunStatus.RUNNING) ? ((overview.owner() != null) ? overview.owner() : "-") : "",
					(run.name() != null) ? run.name() : "");
		}
		table.print(out, "");
		return Cli.OK;
	}

}
