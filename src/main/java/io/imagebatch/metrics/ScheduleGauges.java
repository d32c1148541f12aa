package io.imagebatch.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.imagebatch.schedule.ScheduleOverview;
import io.imagebatch.schedule.Schedules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Schedules by state, and what each one's runs spent today and this month in its zone
 * (one gauge per schedule and period, gone with the schedule). Read from the database at
 * most every {@link #MAX_AGE}, never on the scraping thread: reading the state gauges
 * starts a new read when the last is old, as {@link StatusGauges} does.
 */
@Component
class ScheduleGauges implements MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleGauges.class);

	static final Duration MAX_AGE = Duration.ofSeconds(15);

	private final Schedules schedules;

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile Read last = new Read(null, System.nanoTime() - MAX_AGE.toNanos() - 1);

	private @Nullable MultiGauge spend;

	ScheduleGauges(Schedules schedules) {
		this.schedules = schedules;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.spend = MultiGauge.builder(MeterNames.SCHEDULE_SPEND)
			.description("USD the runs of each schedule spent today and this month, in the schedule's zone")
			.register(registry);
		for (boolean enabled : new boolean[] { true, false }) {
			Gauge.builder(MeterNames.SCHEDULES, this, (gauges) -> {
				List<ScheduleOverview> schedules = gauges.recent().schedules();
				return (schedules != null)
						? schedules.stream().filter((each) -> each.schedule().spec().enabled() == enabled).count()
						: Double.NaN;
			})
				.description("Schedules, enabled or paused")
				.tag(MeterNames.STATE, enabled ? "enabled" : "paused")
				.strongReference(true)
				.register(registry);
		}
	}

	private Read recent() {
		Read recent = this.last;
		if (System.nanoTime() - recent.readAt() > MAX_AGE.toNanos() && this.reading.compareAndSet(false, true)) {
			Thread.ofVirtual().name("schedule-gauges").start(this::read);
		}
		return recent;
	}

	private void read() {
		try {
			List<ScheduleOverview> schedules = this.schedules.list();
			List<MultiGauge.Row<?>> rows = new ArrayList<>();
			for (ScheduleOverview schedule : schedules) {
				Tags tags = Tags.of(MeterNames.SCHEDULE, schedule.schedule().name());
				rows.add(MultiGauge.Row.of(tags.and(MeterNames.PERIOD, "day"), schedule.spentToday()));
				rows.add(MultiGauge.Row.of(tags.and(MeterNames.PERIOD, "month"), schedule.spentThisMonth()));
			}
			MultiGauge gauges = this.spend;
			if (gauges != null) {
				// overwriting drops the rows of deleted schedules
				gauges.register(rows, true);
			}
			this.last = new Read(schedules, System.nanoTime());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the schedules", ex);
			this.last = new Read(null, System.nanoTime());
		}
		finally {
			this.reading.set(false);
		}
	}

	/**
	 * @param schedules the schedules, {@code null} when unknown
	 * @param readAt when, by {@link System#nanoTime()}
	 */
	private record Read(@Nullable List<ScheduleOverview> schedules, long readAt) {

	}

}
