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
 */
@ConfigurationProperties("imagebatch.worker")
public record WorkerProperties(@DefaultValue("5s") Duration beatInterval, @DefaultValue("20s") Duration staleAfter,
		@DefaultValue("500ms") Duration pollInterval, @Nullable Integer concurrency) {

	private static final String PREFIX = "imagebatch.worker.";

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
		if (concurrency != null && concurrency < 1) {
			throw new IllegalArgumentException(PREFIX + "concurrency must be at least 1 when set, got " + concurrency);
		}
	}

}
