package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.ScheduleSpec;
import org.jspecify.annotations.Nullable;

/**
 * Everything a schedule is set to, in words: the Schedule page's settings.
 *
 * @param source where each firing's rows come from
 * @param runName what each run's name starts with
 * @param defaults the values for columns a row leaves empty ({@code model=dall-e-3,
 * size=1024x1024}), or a dash
 * @param gateway the gateway its runs call
 * @param budget the budget of each run, or a dash
 * @param concurrency calls in flight at most per run, in words
 * @param overlap what a firing does while the previous run is active, in words
 * @param misfire what becomes of missed firings, in words
 * @param dailyCap the most its runs may spend in a day, or a dash
 * @param monthlyCap the most in a month, or a dash
 * @param rows which rows a firing loads, in words
 * @param created when it was created (UTC)
 * @param updated when it was last changed (UTC)
 */
record ScheduleSettings(String source, String runName, String defaults, String gateway, String budget,
		String concurrency, String overlap, String misfire, String dailyCap, String monthlyCap, String rows,
		String created, String updated) {

	static ScheduleSettings of(Schedule schedule, String defaultGateway) {
		ScheduleSpec spec = schedule.spec();
		RunRequest run = spec.run();
		return new ScheduleSettings(run.source(), (run.name() != null) ? run.name() : spec.name(),
				defaults(run.defaults()),
				((run.gateway() != null) ? run.gateway() : defaultGateway + " (the default)") + mode(run.mode()),
				orDash(run.budgetUsd()),
				(run.concurrency() != null) ? run.concurrency() + " calls in flight at most" : "the gateway's default",
				overlap(spec.overlap()), misfire(spec.misfire()), orDash(spec.dailyCapUsd()),
				orDash(spec.monthlyCapUsd()),
				spec.skipsDone() ? "Only new ones: rows whose id already succeeded for this source are left out"
						: "Every row, each time",
				Formats.time(schedule.createdAt()), Formats.time(schedule.updatedAt()));
	}

	/**
	 * How its runs call the gateway, after the gateway's name; nothing for its setting.
	 */
	static String mode(@Nullable CallMode mode) {
		if (mode == null) {
			return "";
		}
		return (mode == CallMode.BATCH) ? ", in provider batches (half price, within 24 hours)" : ", synchronously";
	}

	static String overlap(Overlap overlap) {
		return switch (overlap) {
			case SKIP -> "Skip a firing while the previous run is still queued or running";
			case QUEUE -> "Submit the run anyway, beside the previous one";
		};
	}

	static String misfire(Misfire misfire) {
		return switch (misfire) {
			case SKIP -> "Record firings missed while no server ran, and run none of them";
			case RUN_ONCE -> "Run once for all firings missed while no server ran";
		};
	}

	private static String defaults(RowDefaults defaults) {
		Map<String, Object> set = defaults.columns();
		return set.isEmpty() ? "– (each row's own, or the model's)"
				: set.entrySet()
					.stream()
					.map((column) -> column.getKey() + "=" + column.getValue())
					.collect(Collectors.joining(", "));
	}

	private static String orDash(@Nullable BigDecimal usd) {
		return (usd != null) ? Formats.usd(usd) : "–";
	}

}
