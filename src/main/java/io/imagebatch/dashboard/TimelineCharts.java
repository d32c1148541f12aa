package io.imagebatch.dashboard;

import java.util.List;
import java.util.function.Function;

import io.imagebatch.run.RunTimeline;

/**
 * A run's timeline as the Run page's two charts: items settled per minute, and calls in
 * flight with the rate-limit waits beside them.
 *
 * @param throughput items that succeeded and failed per minute, bucket by bucket
 * @param traffic calls in flight, calls held back by rate limits, and seconds waited
 * @param bucket the width of each bucket, in words
 */
record TimelineCharts(ChartSpec throughput, ChartSpec traffic, String bucket) {

	private static final String NOTHING_YET = "Nothing yet: workers record what they did every few seconds.";

	static TimelineCharts of(RunTimeline timeline) {
		List<RunTimeline.Point> points = timeline.points();
		List<Long> x = points.stream().map((point) -> point.at().getEpochSecond()).toList();
		double perMinute = 60.0 / Math.max(timeline.bucket().toMillis() / 1000.0, 1);
		ChartSpec throughput = new ChartSpec(true, false, x, null,
				List.of(series("Succeeded / min", "#1a7f37", points, (point) -> point.succeeded() * perMinute),
						series("Failed / min", "#cf222e", points, (point) -> point.failed() * perMinute)),
				NOTHING_YET);
		ChartSpec traffic = new ChartSpec(true, false, x, null,
				List.of(series("Calls in flight", "#0969da", points, (point) -> (double) point.inFlight()),
						series("Calls held back by rate limits", "#9a6700", points,
								(point) -> (double) point.rateLimitWaits()),
						series("Seconds waited for rate limits", "#8250df", points,
								(point) -> point.rateLimitWaitMs() / 1000.0)),
				NOTHING_YET);
		return new TimelineCharts(throughput, traffic, Formats.duration(timeline.bucket()));
	}

	private static ChartSpec.Series series(String label, String color, List<RunTimeline.Point> points,
			Function<RunTimeline.Point, Double> value) {
		return new ChartSpec.Series(label, color,
				points.stream().map(value).map((number) -> Math.round(number * 10) / 10.0).toList());
	}

}
