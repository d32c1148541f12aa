package io.imagebatch.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imagebatch.estimate.SpendEstimate;
import io.imagebatch.estimate.SpendEstimates;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.InputException;
import io.imagebatch.run.Page;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schedule feature's front door: create, change, pause, resume, delete and fire
 * schedules now, and tell what they did. Firing on time is {@link SchedulePoller}'s.
 */
@Component
public class Schedules {

	/** Fire times a list shows ahead. */
	public static final int NEXT_SHOWN = 5;

	private final ScheduleRepository schedules;

	private final FiringRepository firings;

	private final ScheduleFirer firer;

	private final SpendCaps caps;

	private final ScheduleSpending spending;

	private final Runs runs;

	private final ObjectProvider<Gateways> gateways;

	private final SpendEstimates estimates;

	private final TransactionTemplate transaction;

	private final Clock clock;

	Schedules(ScheduleRepository schedules, FiringRepository firings, ScheduleFirer firer, SpendCaps caps,
			ScheduleSpending spending, Runs runs, ObjectProvider<Gateways> gateways, SpendEstimates estimates,
			PlatformTransactionManager transactions, Clock clock) {
		this.schedules = schedules;
		this.firings = firings;
		this.firer = firer;
		this.caps = caps;
		this.spending = spending;
		this.runs = runs;
		this.gateways = gateways;
		this.estimates = estimates;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * Creates a schedule, after checking its cron, zone, caps, gateway and source.
	 * @throws ScheduleRefused naming the field at fault
	 */
	public Schedule create(ScheduleSpec spec) {
		Instant now = this.clock.instant();
		Instant next = check(spec, now);
		return this.schedules.insert(spec, next, now);
	}

	/**
	 * Replaces what a schedule's user set; it fires next at its new cron's next time.
	 * @throws ScheduleNotFound when there is no such schedule
	 * @throws ScheduleRefused naming the field at fault
	 */
	public Schedule update(String name, ScheduleSpec spec) {
		Schedule schedule = find(name);
		if (!spec.name().equals(schedule.name())) {
			throw new ScheduleRefused("name", "a schedule cannot be renamed: create '"
					+ ScheduleRefused.shown(spec.name()) + "' and delete '" + schedule.name() + "'");
		}
		Instant now = this.clock.instant();
		Instant next = check(spec, now);
		if (!this.schedules.update(schedule.id(), spec, next, now)) {
			throw new ScheduleNotFound(name);
		}
		return find(name);
	}

	/**
	 * Stops a schedule firing until it is resumed; firings meanwhile are not missed ones.
	 */
	public Schedule pause(String name) {
		return enable(name, false);
	}

	/** Lets a paused schedule fire again, from its next fire time after now. */
	public Schedule resume(String name) {
		return enable(name, true);
	}

	private Schedule enable(String name, boolean enabled) {
		// the row lock waits for a firing under way: once paused, none is in flight
		this.transaction.executeWithoutResult((status) -> {
			Schedule schedule = this.schedules.lock(name).orElseThrow(() -> new ScheduleNotFound(name));
			Instant now = this.clock.instant();
			Instant next = schedule.fireTimes().next(now);
			this.schedules.enable(schedule.id(), enabled, (next != null) ? next : now, now);
		});
		return find(name);
	}

	/**
	 * Deletes a schedule: it fires no more; its firings and runs stay, and its name is
	 * free.
	 * @throws ScheduleNotFound when there is no such schedule
	 */
	public void delete(String name) {
		Schedule schedule = find(name);
		if (!this.schedules.delete(schedule.id(), this.clock.instant())) {
			throw new ScheduleNotFound(name);
		}
	}

	/**
	 * Fires a schedule now, paused or not, as its cron would: its overlap policy and caps
	 * hold.
	 * @param by who asked, for the record
	 * @return the firing: a run, or why there is none
	 * @throws ScheduleNotFound when there is no such schedule
	 */
	public Firing runNow(String name, String by) {
		Firing firing = this.transaction.execute((status) -> {
			Schedule schedule = this.schedules.lock(name).orElseThrow(() -> new ScheduleNotFound(name));
			return this.firer.fire(schedule, this.clock.instant(), FiringCause.RUN_NOW, "asked for by " + by)
				.orElseThrow(() -> new IllegalStateException("schedule " + name + " fired at this instant already"));
		});
		if (firing == null) {
			throw new IllegalStateException("schedule " + name + " did not fire");
		}
		return firing;
	}

	/**
	 * A schedule by name.
	 * @throws ScheduleNotFound when there is none
	 */
	public Schedule find(String name) {
		return this.schedules.find(name).orElseThrow(() -> new ScheduleNotFound(name));
	}

	/** Every schedule with where it stands, by name. */
	public List<ScheduleOverview> list() {
		return overviews(this.schedules.all());
	}

	/** One page of the schedules with where they stand, by name. */
	public Page<ScheduleOverview> list(int page, int size) {
		Page<Schedule> schedules = this.schedules.page(page, size);
		return new Page<>(overviews(schedules.content()), page, size, schedules.total());
	}

	private List<ScheduleOverview> overviews(List<Schedule> schedules) {
		Map<Long, Firing> latest = this.firings.latest(schedules.stream().map(Schedule::id).toList());
		return schedules.stream().map((schedule) -> overview(schedule, latest.get(schedule.id()))).toList();
	}

	/**
	 * One schedule with where it stands.
	 * @throws ScheduleNotFound when there is none
	 */
	public ScheduleOverview overview(String name) {
		Schedule schedule = find(name);
		return overview(schedule, this.firings.latest(List.of(schedule.id())).get(schedule.id()));
	}

	private ScheduleOverview overview(Schedule schedule, @Nullable Firing lastFiring) {
		Instant now = this.clock.instant();
		// a due fire time not yet handled still comes first
		List<Instant> next = schedule.spec().enabled()
				? schedule.fireTimes().next(schedule.nextFireAt().minusNanos(1), NEXT_SHOWN) : List.of();
		SpendCaps.Spent spent = this.caps.spent(schedule, now);
		return new ScheduleOverview(schedule, next, lastFiring, this.spending.latestRun(schedule.id()).orElse(null),
				spent.today(), spent.thisMonth());
	}

	/**
	 * A schedule's firings, the latest first.
	 * @throws ScheduleNotFound when there is no such schedule
	 */
	public Page<Firing> firings(String name, int page, int size) {
		return this.firings.page(find(name).id(), page, size);
	}

	/**
	 * What one firing of a schedule would cost and take now, at list price (its skip-done
	 * setting applied); creates and spends nothing.
	 */
	public SpendEstimate estimate(ScheduleSpec spec) {
		return this.estimates.estimate(spec.firingRequest(spec.name(), null));
	}

	/**
	 * The next fire times of a cron in a zone after now, for a user choosing one.
	 * @throws ScheduleRefused naming {@code cron} or {@code zone} when either is wrong
	 */
	public List<Instant> preview(String cron, String zone, int count) {
		return FireTimes.of(cron, zone).next(this.clock.instant(), count);
	}

	/**
	 * Checks a schedule as far as can be before it fires.
	 * @return its first fire time after now
	 */
	private Instant check(ScheduleSpec spec, Instant now) {
		FireTimes times = spec.check();
		Instant next = times.next(now);
		if (next == null) {
			throw new ScheduleRefused("cron", "'" + ScheduleRefused.shown(spec.cron()) + "' never fires after now");
		}
		try {
			this.gateways.getObject().get(spec.run().gateway());
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleRefused("gateway", ex.getMessage());
		}
		try {
			this.runs.checkSource(spec.run().source());
		}
		catch (InputException ex) {
			throw new ScheduleRefused("source", ex.getMessage());
		}
		return next;
	}

}
