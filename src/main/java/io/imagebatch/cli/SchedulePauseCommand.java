package io.imagebatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

/**
 * {@code schedule pause <name>}: the schedule fires no more until resumed.
 */
@Command(name = "pause",
		description = "Stop a schedule firing until 'schedule resume'; the firings meanwhile are not missed ones.")
class SchedulePauseCommand extends NamedScheduleCommand {

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		schedules.pause(this.name);
		out.printf("Schedule %s paused: it fires again after 'imagebatch schedule resume %s'%n", this.name, this.name);
		return Cli.OK;
	}

}
