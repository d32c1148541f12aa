package io.imagebatch.cli;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.imagebatch.system.TerminalText;
import io.imagebatch.web.FiringView;
import io.imagebatch.web.RowDefaultsView;
import io.imagebatch.web.ScheduleView;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code schedule show <name>}: everything a schedule is set to, its next fire times, its
 * spend, and its latest firings with what became of them.
 */
@Command(name = "show",
		description = "Show a schedule: its settings, next fire times (in its zone, with the offset), spend "
				+ "against its caps, and its latest firings with their outcome, reason and run.")
class ScheduleShowCommand extends NamedScheduleCommand {

	@Option(names = "--firings", defaultValue = "10", description = "latest firings shown (default: ${DEFAULT-VALUE})")
	int firings;

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		ScheduleView schedule = schedules.find(this.name);
		String zone = schedule.zone();
		out.printf("Schedule    %s (%s)%n", schedule.name(), ScheduleListCommand.state(schedule));
		out.printf("Cron        %s in %s%n", TerminalText.line(schedule.cron()), zone);
		out.printf("Source      %s%n", TerminalText.line(schedule.source()));
		out.printf("Runs        %s%n", runs(schedule));
		out.printf("Defaults    %s%n", defaults(schedule.defaults()));
		out.printf("Overlap     %s%n",
				schedule.overlap().equals("QUEUE") ? "QUEUE: a firing while its previous run is active submits another"
						: "SKIP: a firing while its previous run is active makes no run");
		out.printf("Misfire     %s%n",
				schedule.misfire().equals("RUN_ONCE")
						? "RUN_ONCE: firings missed while no serve ran fire once, for all of them"
						: "SKIP: firings missed while no serve ran are recorded as missed");
		out.printf("Today       $%s spent%s%n", schedule.spentTodayUsd(), cap(schedule.dailyCapUsd(), "daily"));
		out.printf("This month  $%s spent%s%n", schedule.spentThisMonthUsd(), cap(schedule.monthlyCapUsd(), "monthly"));
		List<OffsetDateTime> next = schedule.nextFireTimes();
		for (int i = 0; i < Math.max(next.size(), 1); i++) {
			out.printf("%-12s%s%n", (i == 0) ? "Next" : "",
					next.isEmpty() ? "none while paused" : ScheduleText.timeWithOffset(next.get(i), zone));
		}
		ScheduleView.LastRun lastRun = schedule.lastRun();
		out.printf("Last run    %s%n", (lastRun != null) ? lastRun.id() + " " + lastRun.status() : "none yet");
		List<FiringView> firings = schedules.latestFirings(this.name, this.firings);
		if (firings.isEmpty()) {
			out.println("Firings     none yet");
			return Cli.OK;
		}
		out.printf("Firings     the latest %d, newest first%n", firings.size());
		TextTable table = new TextTable("FIRE TIME", "CAUSE", "OUTCOME", "RUN", "REASON");
		for (FiringView firing : firings) {
			table.row(ScheduleText.timeWithOffset(firing.fireTime(), zone), firing.cause(), firing.outcome(),
					(firing.runId() != null) ? firing.runId() : "-", (firing.reason() != null) ? firing.reason() : "");
		}
		table.print(out, "  ");
		return Cli.OK;
	}

	private static String runs(ScheduleView schedule) {
		String prefix = (schedule.runName() != null) ? schedule.runName() : schedule.name();
		return "named '" + TerminalText.line(prefix) + " <fire time>', gateway "
				+ ((schedule.gateway() != null) ? TerminalText.line(schedule.gateway()) : "(the first configured)")
				+ ", " + ((schedule.budgetUsd() != null) ? "budget $" + schedule.budgetUsd() + " each" : "no budget")
				+ ", "
				+ ((schedule.concurrency() != null) ? schedule.concurrency() + " calls at a time"
						: "the configured concurrency")
				+ ((schedule.mode() != null) ? ", mode " + TerminalText.line(schedule.mode()) : ", the gateway's mode");
	}

	private static String defaults(RowDefaultsView defaults) {
		Map<String, Object> set = defaults.toDefaults().columns();
		return set.isEmpty() ? "none: every row names its own"
				: TerminalText.line(set.entrySet()
					.stream()
					.map((column) -> column.getKey() + "=" + column.getValue())
					.collect(Collectors.joining(" ")));
	}

	private static String cap(@Nullable String capUsd, String kind) {
		return (capUsd != null) ? " of a $" + capUsd + " " + kind + " cap" : ", no " + kind + " cap";
	}

}
