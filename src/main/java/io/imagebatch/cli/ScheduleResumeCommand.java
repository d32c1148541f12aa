package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.web.ScheduleView;
import picocli.CommandLine.Command;

/**
 * {@code schedule resume <name>}: a paused schedule fires again.
 */
@Command(name = "resume", description = "Let a paused schedule fire again, from its next fire time after now.")
class ScheduleResumeCommand extends NamedScheduleCommand {

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		ScheduleView schedule = schedules.resume(this.name);
		out.printf("Schedule %s resumed: %s%n", this.name, ScheduleAddCommand.firesNext(schedule));
		return Cli.OK;
	}

}
