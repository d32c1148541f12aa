package io.imagebatch.schedule;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One firing of a schedule and what became of it.
 *
 * @param schedule the schedule's name
 * @param fireTime the time it fired for (for a missed stretch, the last missed time)
 * @param cause why it fired
 * @param outcome what became of it
 * @param reason why, in words: the skip's reason, the missed stretch, a lowered budget
 * @param runId the run it created, if any
 * @param recordedAt when it was recorded
 */
public record Firing(String schedule, Instant fireTime, FiringCause cause, FiringOutcome outcome,
		@Nullable String reason, @Nullable String runId, Instant recordedAt) {

}
