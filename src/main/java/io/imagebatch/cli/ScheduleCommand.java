package io.imagebatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code schedule}: cron schedules that submit runs (DESIGN §2.6); the work is in its
 * subcommands.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
		description = { "Cron schedules that submit runs: the 'serve' processes fire them, each firing one run.",
				"With --server URL (or $" + ServerOptions.SERVER + ") through that server's REST API." },
		subcommands = { ScheduleAddCommand.class, ScheduleListCommand.class, ScheduleShowCommand.class,
				SchedulePauseCommand.class, ScheduleResumeCommand.class, ScheduleRunNowCommand.class,
				ScheduleDeleteCommand.class })
class ScheduleCommand {

}
