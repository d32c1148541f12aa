package io.imagebatch.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Items of every run, runs and open provider batches by status, read from the database.
 * Three grouped counts at most every {@link #MAX_AGE}, however often and by however many
 * scrapers the gauges are read, and never on the scraping thread: a scrape shows the
 * counts last read (nothing, NaN, before the first, or while the database cannot be
 * read), and starts a new read when they are old. Nobody reads them in a process nobody
 * scrapes.
 */
@Component
class StatusGauges implements MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(StatusGauges.class);

	static final Duration MAX_AGE = Duration.ofSeconds(5);

	private final RunReports reports;

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile Counts counts = new Counts(null, null, null, System.nanoTime() - MAX_AGE.toNanos() - 1);

	StatusGauges(RunReports reports) {
		this.reports = reports;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		register(registry, MeterNames.ITEMS, "Items of every run by status", ItemStatus.values(), Counts::items);
		register(registry, MeterNames.RUNS, "Runs by status", RunStatus.values(), Counts::runs);
		for (String status : RunReports.providerBatchStatuses()) {
			Gauge.builder(MeterNames.PROVIDER_BATCHES, this, (gauges) -> {
				Map<String, Long> counts = gauges.recent().providerBatches();
				return (counts != null) ? counts.getOrDefault(status, 0L) : Double.NaN;
			})
				.description("Provider batches of batch-mode runs not yet ended, by what the provider last said")
				.tag(MeterNames.STATUS, status)
				.strongReference(true)
				.register(registry);
		}
	}

	/** A gauge for each status, zero when none has it, so that none goes missing. */
	private <S extends Enum<S>> void register(MeterRegistry registry, String name, String description, S[] statuses,
			Function<Counts, @Nullable Map<S, Long>> byStatus) {
		for (S status : statuses) {
			Gauge.builder(name, this, (gauges) -> {
				Map<S, Long> counts = byStatus.apply(gauges.recent());
				return (counts != null) ? counts.getOrDefault(status, 0L) : Double.NaN;
			}).description(description).tag(MeterNames.STATUS, status.name()).strongReference(true).register(registry);
		}
	}

	/**
	 * The counts last read; a new read starts when they are old and none is under way.
	 */
	private Counts recent() {
		Counts recent = this.counts;
		if (System.nanoTime() - recent.readAt() > MAX_AGE.toNanos() && this.reading.compareAndSet(false, true)) {
			Thread.ofVirtual().name("status-gauges").start(this::read);
		}
		return recent;
	}

	private void read() {
		try {
			this.counts = new Counts(this.reports.itemsByStatus(), this.reports.runsByStatus(),
					this.reports.openProviderBatchesByStatus(), System.nanoTime());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count items and runs by status", ex);
			this.counts = new Counts(null, null, null, System.nanoTime());
		}
		finally {
			this.reading.set(false);
		}
	}

	/**
	 * @param items items by status, {@code null} when unknown
	 * @param runs runs by status, {@code null} when unknown
	 * @param providerBatches open provider batches by provider status, {@code null} when
	 * unknown
	 * @param readAt when, by {@link System#nanoTime()}
	 */
	private record Counts(@Nullable Map<ItemStatus, Long> items, @Nullable Map<RunStatus, Long> runs,
			@Nullable Map<String, Long> providerBatches, long readAt) {

	}

}
