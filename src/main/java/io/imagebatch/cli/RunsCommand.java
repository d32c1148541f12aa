package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.cost.Cost;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code runs}: the most recent runs.
 */
@Command(name = "runs", description = "List recent runs.")
class RunsCommand implements Cli.ApplicationCommand {

	@Option(names = "--limit", defaultValue = "20", description = "how many runs (default: ${DEFAULT-VALUE})")
	int limit;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Runs runs = context.getBean(Runs.class);
		RunReports reports = context.getBean(RunReports.class);
		TextTable table = new TextTable("RUN", "STATUS", "DONE", "OK", "FAILED", "INVALID", "COST USD", "CREATED",
				"OWNER", "NAME")
			.alignRight(2, 3, 4, 5, 6);
		for (Run run : reports.recent(this.limit)) {
			ItemCounts counts = reports.counts(run.id());
			// a RUNNING run whose owner died says so: a worker adopts it, or a restart
			// continues it
			table.row(run.id(), runs.orphaned(run) ? "CRASHED" : run.status(), counts.done() + "/" + counts.total(),
					counts.succeeded(), counts.failed(), counts.invalid(), Cost.format(reports.spent(run.id())),
					run.createdAt(), (run.status() == RunStatus.RUNNING) ? runs.owner(run.id()).orElse("-") : "",
					(run.name() != null) ? run.name() : "");
		}
		table.print(out, "");
		return Cli.OK;
	}

}
