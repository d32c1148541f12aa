package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.system.TerminalText;
import io.imagebatch.web.FiringView;
import picocli.CommandLine.Command;

/**
 * {@code schedule run-now <name>}: fires the schedule now and prints its run's id, or why
 * it made none.
 */
@Command(name = "run-now",
		description = { "Fire a schedule now, paused or not; its overlap policy and spend caps hold.",
				"Prints the id of the run it submitted, or why it submitted none." },
		exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:a run was submitted",
				"1:the firing made no run (overlap, a spend cap, its source)", "64:usage error or no such schedule" })
class ScheduleRunNowCommand extends NamedScheduleCommand {

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		FiringView firing = schedules.runNow(this.name);
		String runId = firing.runId();
		if (runId == null) {
			err.printf("Schedule %s fired without a run: %s%s%n", this.name, firing.outcome(),
					(firing.reason() != null) ? " — " + TerminalText.line(firing.reason()) : "");
			return Cli.RUN_FAILED;
		}
		out.println(runId);
		err.printf("Run %s is QUEUED: any worker starts it; 'imagebatch wait %s' follows it.%n", runId, runId);
		return Cli.OK;
	}

}
