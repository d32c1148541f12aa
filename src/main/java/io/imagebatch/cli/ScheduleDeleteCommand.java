package io.imagebatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

/**
 * {@code schedule delete <name>}: the schedule fires no more; what it did stays.
 */
@Command(name = "delete",
		description = "Delete a schedule: it fires no more, its name is free again; its firings and runs stay.")
class ScheduleDeleteCommand extends NamedScheduleCommand {

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		schedules.delete(this.name);
		out.printf("Schedule %s deleted; its firings and runs stay%n", this.name);
		return Cli.OK;
	}

}
