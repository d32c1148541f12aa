package io.imagebatch.run;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the processes that execute items find each other's work and each other's death.
 *
 * @param beatInterval how often a worker says it is alive
 * @param staleAfter a worker that has not beaten for this long, on the database's clock,
 * is dead: its items go back to the queue and its runs to another worker
 * @param pollInterval how often an idle worker looks for work, and a run's owner for its
 * end
 * @param concurrency items this process works on at once, over every run; unset, the sum
 * of the gateways' {@code max-concurrency}
 * @param sampleInterval how often a worker records, for each run it worked on, the items
 * it settled, its calls in flight and its rate-limit waits (the run's timeline)
 * @param sampleRetention the samples of a run ended longer ago than this are deleted
 */
@ConfigurationProperties("imagebatch.worker")
public record WorkerProperties(@DefaultValue("5s") Duration beatInterval, @DefaultValue("20s") Duration staleAfter,
		@DefaultValue("500ms") Duration pollInterval, @Nullable Integer concurrency,
		@DefaultValue("10s") Duration sampleInterval, @DefaultValue("30d") Duration sampleRetention) {

	private static final String PREFIX = "imagebatch.worker.";

	private static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(100);

	public WorkerProperties {
		if (beatInterval.isNegative() || beatInterval.isZero()) {
			throw new IllegalArgumentException(PREFIX + "beat-interval must be positive, got " + beatInterval);
		}
		if (staleAfter.compareTo(beatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					PREFIX + "stale-after (" + staleAfter + ") must be at least twice beat-interval (" + beatInterval
							+ "), or one late beat would make a live worker look dead");
		}
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException(PREFIX + "poll-interval must be positive, got " + pollInterval);
		}
		if (sampleInterval.compareTo(MIN_SAMPLE_INTERVAL) < 0) {
			throw new IllegalArgumentException(
					PREFIX + "sample-interval must be at least " + MIN_SAMPLE_INTERVAL.toMillis()
							+ "ms (a row per run and worker each time), got " + sampleInterval);
		}
		if (sampleRetention.isNegative() || sampleRetention.isZero()) {
			throw new IllegalArgumentException(PREFIX + "sample-retention must be positive, got " + sampleRetention);
		}
		if (concurrency != null && concurrency < 1) {
			throw new IllegalArgumentException(PREFIX + "concurrency must be at least 1 when set, got " + concurrency);
		}
	}

}
