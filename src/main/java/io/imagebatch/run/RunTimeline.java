package io.imagebatch.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run's workers did over time, in buckets of equal width from the run's start:
 * items settled, calls in flight and rate-limit waits, every worker together. Read from
 * the samples each worker writes every {@code imagebatch.worker.sample-interval}; empty
 * before the first is written.
 *
 * @param runId the run
 * @param bucket the width of each point's bucket: the run's length over 120 points at
 * most, in whole seconds, and no narrower than two sample intervals
 * @param points the buckets from the run's start to its last sample, oldest first
 */
public record RunTimeline(String runId, Duration bucket, List<Point> points) {

	public RunTimeline {
		points = List.copyOf(points);
	}

	/**
	 * One bucket of a run's timeline.
	 *
	 * @param at when the bucket starts
	 * @param succeeded items that succeeded in it
	 * @param failed items that failed for good in it
	 * @param inFlight calls in flight in it: the most each worker had at a sample, added
	 * up over the workers
	 * @param rateLimitWaits calls held back by the gateways' limits (their pacing or a
	 * pause) and waits after a 429, counted as the calls ended
	 * @param rateLimitWaitMs how long those waits took in all, in milliseconds
	 */
	public record Point(Instant at, long succeeded, long failed, long inFlight, long rateLimitWaits,
			long rateLimitWaitMs) {
	}

}
