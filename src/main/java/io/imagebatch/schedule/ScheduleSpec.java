package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

import io.imagebatch.run.RunRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a user sets on a schedule, as created or edited.
 *
 * @param name the schedule's name: letters, digits, {@code .}, {@code _} and {@code -}
 * @param cron when it fires (5 or 6 fields, or a macro such as {@code @daily})
 * @param zone the time zone the cron is read in, and days and months of the caps
 * @param run what each firing submits; its {@code name} prefixes each run's name, its
 * budget caps each run
 * @param enabled whether it fires
 * @param overlap what a firing does while the previous run is active
 * @param misfire what becomes of firings missed while no process ran
 * @param dailyCapUsd the most its runs may spend in a day of its zone, if any
 * @param monthlyCapUsd the most its runs may spend in a month of its zone, if any
 */
public record ScheduleSpec(String name, String cron, String zone, RunRequest run, boolean enabled, Overlap overlap,
		Misfire misfire, @Nullable BigDecimal dailyCapUsd, @Nullable BigDecimal monthlyCapUsd) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/**
	 * A run's name holds 200 characters: room is kept for the fire time each run adds.
	 */
	static final int MAX_RUN_NAME = 170;

	/**
	 * Names the REST API and the dashboard give to paths beside their schedules' own
	 * ({@code GET /api/schedules/preview}, {@code /schedules/new}): a schedule of that
	 * name could not be read there.
	 */
	private static final Set<String> RESERVED = Set.of("preview", "estimate", "new");

	/**
	 * Whether its firings leave out rows already done for their source: unless turned
	 * off, since a schedule reads the same source again and again and must not pay twice
	 * for a row.
	 */
	public boolean skipsDone() {
		return !Boolean.FALSE.equals(this.run.skipDone());
	}

	/**
	 * The run request one firing submits.
	 * @param name the run's name
	 * @param budgetUsd the run's budget, the schedule's own or what the caps leave
	 */
	RunRequest firingRequest(String name, @Nullable BigDecimal budgetUsd) {
		return new RunRequest(this.run.source(), name, this.run.gateway(), this.run.defaults(), budgetUsd,
				this.run.concurrency(), skipsDone(), this.run.mode());
	}

	/**
	 * Checks what can be checked without the database, configuration or input.
	 * @return the schedule's fire times
	 * @throws ScheduleRefused naming the field at fault
	 */
	FireTimes check() {
		checkName(this.name);
		FireTimes times = FireTimes.of(this.cron, this.zone);
		checkPositive("budget_usd", this.run.budgetUsd());
		checkPositive("daily_cap_usd", this.dailyCapUsd);
		checkPositive("monthly_cap_usd", this.monthlyCapUsd);
		if (this.run.name() != null && this.run.name().length() > MAX_RUN_NAME) {
			throw new ScheduleRefused("run_name", "run_name is at most " + MAX_RUN_NAME + " characters (each run adds "
					+ "its fire time), got " + this.run.name().length());
		}
		if (this.run.concurrency() != null && this.run.concurrency() < 1) {
			throw new ScheduleRefused("concurrency", "concurrency must be at least 1, got " + this.run.concurrency());
		}
		if (this.run.source() == null || this.run.source().isBlank()) {
			throw new ScheduleRefused("source",
					"a source is required: a CSV path the serve processes can read, s3://bucket/key.csv or db:<source>");
		}
		return times;
	}

	static void checkName(@Nullable String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new ScheduleRefused("name",
					"a schedule's name is 1 to 100 letters, digits, '.', '_' or '-', "
							+ "starting with a letter or digit"
							+ ((name != null) ? "; got '" + ScheduleRefused.shown(name) + "'" : ""));
		}
		if (RESERVED.contains(name)) {
			throw new ScheduleRefused("name", "'" + name + "' is reserved; choose another name");
		}
	}

	private static void checkPositive(String field, @Nullable BigDecimal usd) {
		if (usd != null && usd.signum() <= 0) {
			throw new ScheduleRefused(field, field + " must be more than 0 USD, got " + usd.toPlainString());
		}
	}

}
