package io.imagebatch.cli;

import picocli.CommandLine.Parameters;

/**
 * A {@code schedule} subcommand about one schedule, named first.
 */
abstract class NamedScheduleCommand extends ScheduleClientCommand {

	@Parameters(index = "0", paramLabel = "<name>", description = "the schedule's name")
	String name;

}
