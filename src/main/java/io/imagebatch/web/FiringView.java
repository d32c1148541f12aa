package io.imagebatch.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.schedule.Firing;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One firing of a schedule as the API shows it, its fire time in the schedule's zone.
 *
 * @param schedule the schedule's name
 * @param fireTime the time it fired for, with the zone's offset then
 * @param cause {@code CRON}, {@code RUN_NOW} or {@code MISFIRE}
 * @param outcome {@code RUN_CREATED}, {@code SKIPPED_OVERLAP}, {@code SKIPPED_CAP},
 * {@code MISSED} or {@code FAILED}
 * @param reason why, in words, if there is more to say
 * @param runId the run it created, if any
 * @param recordedAt when it was recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record FiringView(String schedule, OffsetDateTime fireTime, String cause, String outcome,
		@Nullable String reason, @Nullable String runId, Instant recordedAt) {

	/** A firing, its fire time in the schedule's zone. */
	public static FiringView of(Firing firing, ZoneId zone) {
		return new FiringView(firing.schedule(), firing.fireTime().atZone(zone).toOffsetDateTime(),
				firing.cause().name(), firing.outcome().name(), firing.reason(), firing.runId(), firing.recordedAt());
	}

}
