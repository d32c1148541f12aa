package io.imagebatch.cli;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import io.imagebatch.web.FiringView;
import io.imagebatch.web.ScheduleView;
import picocli.CommandLine.Command;

/**
 * {@code schedule list}: every schedule, where it stands and what it did last.
 */
@Command(name = "list",
		description = "List schedules: state, next fire times, last firing and run, spend today and this month "
				+ "(against their caps), times in each schedule's zone.")
class ScheduleListCommand extends ScheduleClientCommand {

	/** Fire times a row shows ahead; 'show' shows more. */
	private static final int NEXT_SHOWN = 2;

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		TextTable table = new TextTable("NAME", "CRON", "ZONE", "STATE", "NEXT FIRE TIMES", "LAST FIRING", "LAST RUN",
				"TODAY USD", "MONTH USD");
		for (ScheduleView schedule : schedules.list()) {
			FiringView firing = schedule.lastFiring();
			ScheduleView.LastRun run = schedule.lastRun();
			table.row(schedule.name(), schedule.cron(), schedule.zone(), state(schedule),
					next(schedule.nextFireTimes(), schedule.zone()),
					(firing != null) ? ScheduleText.time(firing.fireTime(), schedule.zone()) + " " + firing.outcome()
							: "-",
					(run != null) ? run.id() + " " + run.status() : "-",
					ScheduleText.spent(schedule.spentTodayUsd(), schedule.dailyCapUsd()),
					ScheduleText.spent(schedule.spentThisMonthUsd(), schedule.monthlyCapUsd()));
		}
		table.print(out, "");
		return Cli.OK;
	}

	static String state(ScheduleView schedule) {
		return schedule.enabled() ? "enabled" : "paused";
	}

	private static String next(List<OffsetDateTime> times, String zone) {
		if (times.isEmpty()) {
			return "-";
		}
		return times.stream()
			.limit(NEXT_SHOWN)
			.map((time) -> ScheduleText.time(time, zone))
			.collect(Collectors.joining(", "));
	}

}
