package io.imagebatch.dashboard;

import java.time.Instant;
import java.time.ZoneId;

import io.imagebatch.schedule.Firing;
import io.imagebatch.schedule.FiringCause;
import io.imagebatch.schedule.FiringOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A firing of a schedule as the Schedules pages write it: its time in the schedule's
 * zone, why it fired and what became of it in words, and its run.
 *
 * @param fireTime the time it fired for, in the schedule's zone
 * @param ago how long ago that was
 * @param cause why it fired, in words
 * @param outcome what became of it, in words
 * @param tone {@code ran}, {@code skipped} or {@code failed}: the outcome's badge
 * @param reason why, as the schedule recorded it, if it said
 * @param runId the run it created, if any
 */
record FiringRow(String fireTime, String ago, String cause, String outcome, String tone, @Nullable String reason,
		@Nullable String runId) {

	static FiringRow of(Firing firing, ZoneId zone, Instant now) {
		return new FiringRow(Formats.time(firing.fireTime(), zone), Formats.fromNow(firing.fireTime(), now),
				cause(firing.cause()), outcome(firing.outcome()), tone(firing.outcome()), firing.reason(),
				firing.runId());
	}

	static String outcome(FiringOutcome outcome) {
		return switch (outcome) {
			case RUN_CREATED -> "Run created";
			case SKIPPED_OVERLAP -> "Skipped: previous run still running";
			case SKIPPED_CAP -> "Skipped: spend cap";
			case MISSED -> "Missed";
			case FAILED -> "Failed";
		};
	}

	private static String cause(FiringCause cause) {
		return switch (cause) {
			case CRON -> "On schedule";
			case RUN_NOW -> "Run now";
			case MISFIRE -> "Once for missed firings";
		};
	}

	private static String tone(FiringOutcome outcome) {
		return switch (outcome) {
			case RUN_CREATED -> "ran";
			case SKIPPED_OVERLAP, SKIPPED_CAP, MISSED -> "skipped";
			case FAILED -> "failed";
		};
	}

}
