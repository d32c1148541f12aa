package io.imagebatch.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.cost.Cost;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Firing;
import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.ScheduleOverview;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.schedule.ScheduledRun;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A schedule as the API shows it and the command line prints it: everything it is set to
 * (the fields of a {@link ScheduleRequest}), its next fire times in its zone, what it did
 * last, and what its runs spent today and this month in its zone. Money is a decimal
 * string with six places.
 *
 * @param name its name
 * @param cron when it fires
 * @param zone the zone its cron, days and months are read in
 * @param source what each firing's run reads
 * @param defaults values for the columns rows leave empty
 * @param gateway the gateway its runs call, absent for the first configured
 * @param budgetUsd each run's budget, if any
 * @param concurrency each run's calls in flight at most, absent for the default
 * @param runName what its runs' names start with, absent for its own name
 * @param enabled whether it fires (false while paused)
 * @param overlap {@code SKIP} or {@code QUEUE}
 * @param misfire {@code SKIP} or {@code RUN_ONCE}
 * @param dailyCapUsd the most its runs may spend in a day, if any
 * @param monthlyCapUsd the most its runs may spend in a month, if any
 * @param skipDone whether a firing leaves out rows already done for the source
 * @param nextFireTimes its next fire times with their offsets, none while paused
 * @param lastFiring its latest firing, if any
 * @param lastRun its latest run, if any
 * @param spentTodayUsd what its runs spent today
 * @param spentThisMonthUsd what its runs spent this month
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param mode how its runs' calls are made, {@code sync} or {@code batch}; absent for the
 * gateway's {@code mode} setting
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record ScheduleView(String name, String cron, String zone, String source, RowDefaultsView defaults,
		@Nullable String gateway, @Nullable String budgetUsd, @Nullable Integer concurrency, @Nullable String runName,
		boolean enabled, String overlap, String misfire, @Nullable String dailyCapUsd, @Nullable String monthlyCapUsd,
		boolean skipDone, List<OffsetDateTime> nextFireTimes, @Nullable FiringView lastFiring,
		@Nullable LastRun lastRun, String spentTodayUsd, String spentThisMonthUsd, Instant createdAt, Instant updatedAt,
		@Nullable String mode) {

	public ScheduleView {
		nextFireTimes = List.copyOf(nextFireTimes);
	}

	/** A schedule as it stands. */
	public static ScheduleView of(ScheduleOverview overview) {
		Schedule schedule = overview.schedule();
		ScheduleSpec spec = schedule.spec();
		RunRequest run = spec.run();
		ZoneId zone = schedule.fireTimes().zone();
		Firing lastFiring = overview.lastFiring();
		ScheduledRun lastRun = overview.lastRun();
		return new ScheduleView(spec.name(), spec.cron(), spec.zone(), run.source(), RowDefaultsView.of(run.defaults()),
				run.gateway(), usd(run.budgetUsd()), run.concurrency(), run.name(), spec.enabled(),
				spec.overlap().name(), spec.misfire().name(), usd(spec.dailyCapUsd()), usd(spec.monthlyCapUsd()),
				spec.skipsDone(),
				overview.nextFireTimes().stream().map((time) -> time.atZone(zone).toOffsetDateTime()).toList(),
				(lastFiring != null) ? FiringView.of(lastFiring, zone) : null,
				(lastRun != null) ? new LastRun(lastRun.id(), lastRun.status()) : null,
				Cost.format(overview.spentToday()), Cost.format(overview.spentThisMonth()), schedule.createdAt(),
				schedule.updatedAt(), (run.mode() != null) ? run.mode().id() : null);
	}

	private static @Nullable String usd(@Nullable BigDecimal amount) {
		return (amount != null) ? Cost.format(amount) : null;
	}

	/**
	 * A schedule's latest run.
	 *
	 * @param id the run's id
	 * @param status where it is
	 */
	public record LastRun(String id, String status) {
	}

}
