package io.imagebatch.run;

import java.time.Instant;

/**
 * The schedule firing a run was created for. The database holds at most one run per
 * firing.
 *
 * @param scheduleId the schedule's id
 * @param scheduleName its name, kept with the run for lists
 * @param fireTime the time it fired for
 */
public record ScheduledFiring(long scheduleId, String scheduleName, Instant fireTime) {

}
