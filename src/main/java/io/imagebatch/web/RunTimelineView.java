package io.imagebatch.web;

import java.time.Instant;
import java.util.List;

import io.imagebatch.run.RunTimeline;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run's timeline as the API shows it: what its workers did in each bucket of time from
 * its start, every worker together.
 *
 * @param run the run
 * @param bucketSeconds the width of each point's bucket, in seconds
 * @param points the buckets, oldest first; none before the first sample is written
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunTimelineView(String run, double bucketSeconds, List<Point> points) {

	static RunTimelineView of(RunTimeline timeline) {
		return new RunTimelineView(timeline.runId(), timeline.bucket().toMillis() / 1000.0,
				timeline.points().stream().map(Point::of).toList());
	}

	/**
	 * One bucket of the timeline.
	 *
	 * @param at when it starts
	 * @param succeeded items that succeeded in it
	 * @param failed items that failed for good in it
	 * @param inFlight calls in flight: each worker's most at a sample, added up
	 * @param rateLimitWaits times calls were held back by the gateways' limits or backed
	 * off after a 429
	 * @param rateLimitWaitMs how long those waits took in all, in milliseconds
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Point(Instant at, long succeeded, long failed, long inFlight, long rateLimitWaits,
			long rateLimitWaitMs) {

		static Point of(RunTimeline.Point point) {
			return new Point(point.at(), point.succeeded(), point.failed(), point.inFlight(), point.rateLimitWaits(),
					point.rateLimitWaitMs());
		}

	}

}
