package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Worker;
import io.imagebatch.run.Workers;
import io.imagebatch.system.TerminalText;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code workers}: the live workers, as the database sees them.
 */
@Command(name = "workers", description = "List the live workers: host, pid, since, last beat, items in flight.")
class WorkersCommand implements Cli.ApplicationCommand {

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		TextTable table = new TextTable("WORKER", "KIND", "HOST", "PID", "SINCE", "BEAT", "IN FLIGHT", "OWNS")
			.alignRight(3, 5, 6);
		for (Worker worker : context.getBean(Workers.class).live()) {
			table.row(worker.id(), worker.kind(), TerminalText.line(worker.host()), worker.pid(), worker.startedAt(),
					worker.sinceBeat().toMillis() / 1000 + " s ago", worker.itemsInFlight(),
					(worker.runsOwned() != null) ? worker.runsOwned() : "");
		}
		table.print(out, "");
		return Cli.OK;
	}

}
