package io.imagebatch.schedule;

import java.time.Instant;

/**
 * A schedule as stored.
 *
 * @param id its id, which its firings and runs keep
 * @param spec what its user set
 * @param nextFireAt the earliest fire time not yet handled
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
public record Schedule(long id, ScheduleSpec spec, Instant nextFireAt, Instant createdAt, Instant updatedAt) {

	/** Its name. */
	public String name() {
		return this.spec.name();
	}

	/** Its fire times, as its cron and zone say. */
	public FireTimes fireTimes() {
		return FireTimes.of(this.spec.cron(), this.spec.zone());
	}

}
