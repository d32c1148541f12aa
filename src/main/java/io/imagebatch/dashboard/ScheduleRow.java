package io.imagebatch.dashboard;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.ScheduleOverview;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.schedule.ScheduledRun;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as the Schedules pages write it: when it fires next in its own zone, what
 * its last firing did, its last run, and its spending against its caps.
 *
 * @param name its name
 * @param cron its cron expression
 * @param zone its time zone's id
 * @param enabled whether it fires (paused otherwise)
 * @param next its next fire times (none while paused)
 * @param lastFiring its latest firing, if any
 * @param lastRun its latest run, if any
 * @param today what its runs spent today against the daily cap
 * @param month what they spent this month against the monthly cap
 */
record ScheduleRow(String name, String cron, String zone, boolean enabled, List<NextFire> next,
		@Nullable FiringRow lastFiring, @Nullable ScheduledRun lastRun, CapMeter today, CapMeter month) {

	static ScheduleRow of(ScheduleOverview overview, Instant now) {
		Schedule schedule = overview.schedule();
		ScheduleSpec spec = schedule.spec();
		ZoneId zone = schedule.fireTimes().zone();
		return new ScheduleRow(spec.name(), spec.cron(), zone.getId(), spec.enabled(),
				NextFire.of(overview.nextFireTimes(), zone, now),
				(overview.lastFiring() != null) ? FiringRow.of(overview.lastFiring(), zone, now) : null,
				overview.lastRun(), CapMeter.of("today", overview.spentToday(), spec.dailyCapUsd()),
				CapMeter.of("this month", overview.spentThisMonth(), spec.monthlyCapUsd()));
	}

	/** Its first {@code count} next fire times (public: templates call it). */
	public List<NextFire> next(int count) {
		return this.next.subList(0, Math.min(count, this.next.size()));
	}

	/**
	 * A time a schedule fires.
	 *
	 * @param time in the schedule's zone, with the zone's abbreviation
	 * @param in how far from now
	 */
	record NextFire(String time, String in) {

		static List<NextFire> of(List<Instant> times, ZoneId zone, Instant now) {
			return times.stream()
				.map((time) -> new NextFire(Formats.time(time, zone), Formats.fromNow(time, now)))
				.toList();
		}

	}

}
