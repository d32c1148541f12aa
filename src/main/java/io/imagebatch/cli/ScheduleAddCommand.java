package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;

import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.web.ScheduleView;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code schedule add <name> <source> --cron ...}: a schedule that submits a run of the
 * source at every firing, with the options a {@code submit} takes.
 */
@Command(name = "add", description = {
		"Create a schedule: at every firing the 'serve' processes submit one run of <source> with these options.",
		"--name is what its runs' names start with (default: the schedule's name), before the fire time; "
				+ "--budget-usd is each run's budget." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:created", "64:usage error: the option at fault is named" })
class ScheduleAddCommand extends NamedScheduleCommand {

	/** Options named otherwise than the API's field, with a dash for each underscore. */
	private static final Map<String, String> OPTIONS = Map.of("name", "<name>", "source", "<source>", "run_name",
			"--name", "enabled", "--paused");

	@Parameters(index = "1", paramLabel = "<source>",
			description = "what every firing reads: a CSV file (kept as an absolute path, which the serve processes "
					+ "must be able to read), s3://bucket/key.csv, or db:<source>")
	String source;

	@Option(names = "--cron", required = true,
			description = "when it fires: 5 fields (minute hour day month weekday), 6 (seconds first), "
					+ "or @hourly, @daily, @weekly, @monthly")
	String cron;

	@Option(names = "--zone",
			description = "the time zone its cron, days and months are read in, e.g. Europe/Berlin "
					+ "(default: this machine's, kept with the schedule)")
	@Nullable String zone;

	@Option(names = "--overlap", defaultValue = "SKIP",
			description = "a firing while its previous run is still QUEUED or RUNNING: SKIP it, or QUEUE "
					+ "another run (default: ${DEFAULT-VALUE})")
	Overlap overlap;

	@Option(names = "--misfire", defaultValue = "SKIP",
			description = "firings missed while no serve ran: SKIP them, or RUN_ONCE for all of them "
					+ "(default: ${DEFAULT-VALUE})")
	Misfire misfire;

	@Option(names = "--daily-cap-usd",
			description = "the most its runs may spend in a day of its zone; a firing whose estimate would "
					+ "pass it makes no run")
	@Nullable BigDecimal dailyCapUsd;

	@Option(names = "--monthly-cap-usd", description = "the most its runs may spend in a month of its zone")
	@Nullable BigDecimal monthlyCapUsd;

	@Option(names = "--paused", description = "create it paused: it fires after 'schedule resume <name>'")
	boolean paused;

	@Mixin
	RunOptions options;

	@Override
	int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err) {
		String zoneId = (this.zone != null) ? this.zone : ZoneId.systemDefault().getId();
		ScheduleSpec spec = new ScheduleSpec(this.name, this.cron, zoneId,
				this.options.request(schedules.storedSource(this.source)), !this.paused, this.overlap, this.misfire,
				this.dailyCapUsd, this.monthlyCapUsd);
		ScheduleView created = schedules.create(spec);
		out.printf("Schedule %s created: %s%n", created.name(), firesNext(created));
		return Cli.OK;
	}

	/** When a schedule fires next, or why it does not. */
	static String firesNext(ScheduleView schedule) {
		if (!schedule.enabled()) {
			return "paused; it fires after 'imagebatch schedule resume " + schedule.name() + "'";
		}
		if (schedule.nextFireTimes().isEmpty()) {
			return "it fires no more";
		}
		return "fires next at " + ScheduleText.timeWithOffset(schedule.nextFireTimes().getFirst(), schedule.zone());
	}

	/**
	 * The option or parameter of {@code schedule add} that sets a field of the API:
	 * {@code daily_cap_usd} is {@code --daily-cap-usd}, {@code defaults.output_format}
	 * {@code --output-format}.
	 */
	static String optionFor(String field) {
		String named = OPTIONS.get(field);
		if (named != null) {
			return named;
		}
		String option = field.startsWith("defaults.") ? field.substring("defaults.".length()) : field;
		return "--" + option.replace('_', '-');
	}

}
