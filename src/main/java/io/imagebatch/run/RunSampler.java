package io.imagebatch.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes this worker's tallies of its runs as samples every {@code sample-interval}, on a
 * thread of its own from the worker's start to its end, and a last one as it leaves.
 * About once an hour it also deletes the samples of runs ended longer ago than
 * {@code sample-retention}: runs are never deleted, so their samples would pile up.
 */
@Component
class RunSampler {

	private static final Logger logger = LoggerFactory.getLogger(RunSampler.class);

	/** How often the old samples are deleted: they are only ever read per run. */
	private static final Duration PURGE_EVERY = Duration.ofHours(1);

	private final RunTallies tallies;

	private final RunSampleRepository samples;

	private final WorkerProperties properties;

	private final Clock clock;

	private @Nullable ScheduledExecutorService timer;

	private @Nullable Supplier<String> workerId;

	private @Nullable Instant purgedAt;

	RunSampler(RunTallies tallies, RunSampleRepository samples, WorkerProperties properties, Clock clock) {
		this.tallies = tallies;
		this.samples = samples;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Starts sampling, once.
	 * @param workerId the worker's id as it is at each sample (it changes when the others
	 * presumed the worker dead)
	 */
	synchronized void start(Supplier<String> workerId) {
		if (this.timer == null) {
			this.workerId = workerId;
			this.timer = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("run-samples").factory());
			long every = this.properties.sampleInterval().toMillis();
			this.timer.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
		}
	}

	/** Stops sampling and writes what was counted since the last sample. */
	synchronized void stop() {
		ScheduledExecutorService running = this.timer;
		if (running == null) {
			return;
		}
		this.timer = null;
		running.shutdown();
		try {
			// a sample being written finishes first, so the last one misses nothing
			running.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sample();
	}

	private void sample() {
		Supplier<String> worker = this.workerId;
		if (worker == null) {
			return;
		}
		Instant now = this.clock.instant();
		Map<String, RunTally.Counts> byRun = this.tallies.drain();
		try {
			this.samples.insert(worker.get(), now, byRun);
		}
		catch (RuntimeException ex) {
			// the timeline misses an interval; the items and the run are unharmed
			logger.warn("Could not record the samples of {} runs: {}", byRun.size(), ex.getMessage());
		}
		purgeOld(now);
	}

	private void purgeOld(Instant now) {
		if (this.purgedAt != null && this.purgedAt.plus(PURGE_EVERY).isAfter(now)) {
			return;
		}
		this.purgedAt = now;
		try {
			int deleted = this.samples.deleteOfRunsEndedBefore(now.minus(this.properties.sampleRetention()));
			if (deleted > 0) {
				logger.info("Deleted {} samples of runs ended more than {} ago", deleted,
						this.properties.sampleRetention());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete old run samples: {}", ex.getMessage());
		}
	}

}
