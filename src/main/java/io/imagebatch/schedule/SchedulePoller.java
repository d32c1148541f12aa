package io.imagebatch.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due schedules, in {@code serve}: every {@code poll-interval} it takes one due
 * schedule at a time, its row locked in a transaction of its own (rows another process
 * holds are passed over), handles its due fire times by its misfire policy, moves its
 * next fire time on, and commits. Any number of processes may poll: each firing is
 * handled by one, and one that dies mid-firing leaves the firing to the others.
 */
@Component
public class SchedulePoller {

	private static final Logger logger = LoggerFactory.getLogger(SchedulePoller.class);

	/** Schedules handled at most in one poll, so a poll always ends. */
	private static final int MOST_PER_POLL = 100;

	private final ScheduleRepository schedules;

	private final ScheduleFirer firer;

	private final ScheduleProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private @Nullable ScheduledExecutorService timer;

	SchedulePoller(ScheduleRepository schedules, ScheduleFirer firer, ScheduleProperties properties,
			PlatformTransactionManager transactions, Clock clock) {
		this.schedules = schedules;
		this.firer = firer;
		this.properties = properties;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** Starts polling, once, unless {@code imagebatch.schedules.enabled} is false. */
	public synchronized void start() {
		if (this.timer != null || !this.properties.enabled()) {
			return;
		}
		this.timer = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("schedules").factory());
		long every = this.properties.pollInterval().toMillis();
		this.timer.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
	}

	/** Stops polling; a firing under way finishes first. */
	public synchronized void stop() {
		ScheduledExecutorService running = this.timer;
		if (running == null) {
			return;
		}
		this.timer = null;
		running.shutdown();
		try {
			running.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			// the firing stays due; the next poll tries again
			logger.warn("Could not fire due schedules: {}", ex.getMessage());
		}
	}

	/**
	 * Handles every schedule due now, one at a time.
	 * @return the firings recorded
	 */
	public int poll() {
		int recorded = 0;
		// a schedule that cannot be fired now must not hold up the others in this poll
		Set<Long> failed = new HashSet<>();
		for (int handled = 0; handled < MOST_PER_POLL; handled++) {
			Instant now = this.clock.instant();
			List<Schedule> due = new ArrayList<>(1);
			try {
				Integer fired = this.transaction.execute((status) -> fireOneDue(now, failed, due));
				if (fired == null || fired < 0) {
					break;
				}
				recorded += fired;
			}
			catch (RuntimeException ex) {
				if (due.isEmpty()) {
					throw ex;
				}
				// nothing of the firing was kept: it stays due for the next poll
				logger.warn("Could not fire schedule {}: {}", due.getFirst().name(), ex.getMessage());
				failed.add(due.getFirst().id());
			}
		}
		return recorded;
	}

	/**
	 * Locks one due schedule and handles its due fire times.
	 * @param passedOver schedules not to fire in this poll
	 * @param locked given the schedule locked, if any
	 * @return the firings recorded, or -1 when no schedule is due
	 */
	private int fireOneDue(Instant now, Set<Long> passedOver, List<Schedule> locked) {
		List<Schedule> due = this.schedules.lockDue(now, 1, passedOver);
		if (due.isEmpty()) {
			return -1;
		}
		Schedule schedule = due.getFirst();
		locked.add(schedule);
		DueFirings firings = DueFirings.at(now, schedule.nextFireAt(), schedule.fireTimes(),
				this.properties.misfireAfter());
		int recorded = handleMissed(schedule, firings);
		for (Instant fireTime : firings.onTime()) {
			recorded += this.firer.fire(schedule, fireTime, FiringCause.CRON, null).isPresent() ? 1 : 0;
		}
		if (firings.next() != null) {
			this.schedules.moveOn(schedule.id(), firings.next());
		}
		else {
			logger.warn("Schedule {} never fires again ('{}'): disabled", schedule.name(), schedule.spec().cron());
			this.schedules.enable(schedule.id(), false, now, now);
		}
		return recorded;
	}

	private int handleMissed(Schedule schedule, DueFirings firings) {
		Instant lastMissed = firings.lastMissed();
		if (firings.missed() == 0 || lastMissed == null) {
			return 0;
		}
		String stretch = firings.missedStretch() + " while no imagebatch serve could fire them";
		boolean recorded;
		if (schedule.spec().misfire() == Misfire.RUN_ONCE && firings.onTime().isEmpty()) {
			recorded = this.firer
				.fire(schedule, lastMissed, FiringCause.MISFIRE, stretch + "; misfire RUN_ONCE fires once for them")
				.isPresent();
		}
		else if (schedule.spec().misfire() == Misfire.RUN_ONCE) {
			recorded = this.firer.recordMissed(schedule, lastMissed,
					stretch + "; the firing on time stands in for them");
		}
		else {
			recorded = this.firer.recordMissed(schedule, lastMissed, stretch + "; misfire SKIP");
		}
		return recorded ? 1 : 0;
	}

}
