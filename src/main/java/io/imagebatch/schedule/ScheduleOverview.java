package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A schedule as lists show it: where it stands and what it did lately.
 *
 * @param schedule the schedule
 * @param nextFireTimes its next fire times (none while paused)
 * @param lastFiring its latest firing, if any
 * @param lastRun its latest run, if any
 * @param spentToday what its runs spent today, in its zone
 * @param spentThisMonth what its runs spent this month, in its zone
 */
public record ScheduleOverview(Schedule schedule, List<Instant> nextFireTimes, @Nullable Firing lastFiring,
		@Nullable ScheduledRun lastRun, BigDecimal spentToday, BigDecimal spentThisMonth) {

	public ScheduleOverview {
		nextFireTimes = List.copyOf(nextFireTimes);
	}

}
