package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import io.imagebatch.estimate.SpendEstimate;
import io.imagebatch.estimate.SpendEstimates;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.Runs;
import io.imagebatch.run.ScheduledFiring;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires a schedule once: decides whether its firing may submit a run (overlap, spend
 * caps), submits it linked to the firing, and records what became of the firing. Called
 * inside the transaction that holds the schedule's row, so the run, the record and the
 * schedule's next fire time are written together or not at all: a process that dies
 * mid-firing leaves the firing due for the next one, and the unique (schedule, fire time)
 * of runs and of firings refuses a second run or record for it, whoever fires it.
 */
@Component
class ScheduleFirer {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleFirer.class);

	private static final DateTimeFormatter RUN_NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

	private static final int MAX_REASON = 2000;

	private final Runs runs;

	private final SpendEstimates estimates;

	private final SpendCaps caps;

	private final ScheduleSpending spending;

	private final FiringRepository firings;

	private final TransactionTemplate savepoint;

	private final Clock clock;

	ScheduleFirer(Runs runs, SpendEstimates estimates, SpendCaps caps, ScheduleSpending spending,
			FiringRepository firings, PlatformTransactionManager transactions, Clock clock) {
		this.runs = runs;
		this.estimates = estimates;
		this.caps = caps;
		this.spending = spending;
		this.firings = firings;
		this.savepoint = new TransactionTemplate(transactions);
		// what a failing source or run undoes must not undo the record of the failure
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.clock = clock;
	}

	/**
	 * Fires a schedule for one fire time and records the firing.
	 * @param note what to add to the record's reason (a missed stretch, who asked), or
	 * {@code null}
	 * @return the firing as recorded, or empty when it was recorded already (by a process
	 * that read the schedule before this one moved it on)
	 */
	Optional<Firing> fire(Schedule schedule, Instant fireTime, FiringCause cause, @Nullable String note) {
		Instant at = fireTime.truncatedTo(ChronoUnit.MICROS);
		Firing firing;
		try {
			firing = this.savepoint.execute((status) -> {
				Firing decided = decideAndSubmit(schedule, at, cause, note);
				this.firings.insert(schedule.id(), decided);
				return decided;
			});
		}
		catch (DuplicateKeyException ex) {
			logger.info("Schedule {} fired for {} already", schedule.name(), at);
			return Optional.empty();
		}
		if (firing.outcome().ran()) {
			logger.info("Schedule {} fired for {}: run {}", schedule.name(), at, firing.runId());
		}
		else {
			logger.info("Schedule {} fired for {}: {} ({})", schedule.name(), at, firing.outcome(), firing.reason());
		}
		return Optional.of(firing);
	}

	/**
	 * Records a stretch of missed firings, under the last of them.
	 * @return whether it was recorded (not by another process already)
	 */
	boolean recordMissed(Schedule schedule, Instant lastMissed, String reason) {
		Firing firing = new Firing(schedule.name(), lastMissed.truncatedTo(ChronoUnit.MICROS), FiringCause.CRON,
				FiringOutcome.MISSED, bounded(reason), null, this.clock.instant());
		try {
			this.savepoint.executeWithoutResult((status) -> this.firings.insert(schedule.id(), firing));
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
		logger.info("Schedule {}: {}", schedule.name(), reason);
		return true;
	}

	private Firing decideAndSubmit(Schedule schedule, Instant fireTime, FiringCause cause, @Nullable String note) {
		ScheduleSpec spec = schedule.spec();
		if (spec.overlap() == Overlap.SKIP) {
			Optional<ScheduledRun> active = this.spending.activeRun(schedule.id());
			if (active.isPresent()) {
				return outcome(schedule, fireTime, cause, FiringOutcome.SKIPPED_OVERLAP,
						"run %s is still %s; overlap SKIP submits no second run".formatted(active.get().id(),
								active.get().status()),
						note, null);
			}
		}
		BigDecimal budget = spec.run().budgetUsd();
		String budgetNote = null;
		Optional<SpendCaps.Room> room = this.caps.room(schedule, fireTime);
		if (room.isPresent()) {
			SpendCaps.Room left = room.get();
			if (left.left().signum() <= 0) {
				return outcome(schedule, fireTime, cause, FiringOutcome.SKIPPED_CAP,
						"nothing is left under " + left.explained(), note, null);
			}
			String refused = checkEstimate(spec.firingRequest(schedule.name(), null), left);
			if (refused != null) {
				return outcome(schedule, fireTime, cause, FiringOutcome.SKIPPED_CAP, refused, note, null);
			}
			if (budget == null || budget.compareTo(left.left()) > 0) {
				budget = left.left();
				budgetNote = "run budget " + SpendCaps.usd(budget) + ": what is left under " + left.explained();
			}
		}
		RunRequest request = runRequest(schedule, fireTime, budget);
		ScheduledFiring firing = new ScheduledFiring(schedule.id(), schedule.name(), fireTime);
		try {
			Run run = this.savepoint.execute((status) -> this.runs.create(request, firing));
			return outcome(schedule, fireTime, cause, FiringOutcome.RUN_CREATED, budgetNote, note, run.id());
		}
		catch (DuplicateKeyException ex) {
			// the firing has its run already: not a failure to record, but no firing at
			// all
			throw ex;
		}
		catch (RuntimeException ex) {
			return outcome(schedule, fireTime, cause, FiringOutcome.FAILED,
					"the run could not be submitted: " + ex.getMessage(), note, null);
		}
	}

	/**
	 * Estimates one firing at list price against the room under the caps.
	 * @return why the firing must be skipped, or {@code null} when it fits
	 */
	private @Nullable String checkEstimate(RunRequest request, SpendCaps.Room room) {
		SpendEstimate estimate;
		try {
			estimate = this.savepoint.execute((status) -> this.estimates.estimate(request));
		}
		catch (RuntimeException ex) {
			// the run would fail the same way: let its submission record why
			return null;
		}
		if (estimate.syncUsd().compareTo(room.left()) > 0) {
			return String.format(Locale.ROOT, "the estimate of %s for %,d rows would pass %s",
					SpendCaps.usd(estimate.syncUsd()), estimate.validRows(), room.explained());
		}
		return null;
	}

	private RunRequest runRequest(Schedule schedule, Instant fireTime, @Nullable BigDecimal budget) {
		RunRequest run = schedule.spec().run();
		String prefix = (run.name() != null) ? run.name() : schedule.name();
		String name = prefix + " "
				+ RUN_NAME_TIME.format(ZonedDateTime.ofInstant(fireTime, schedule.fireTimes().zone()));
		return schedule.spec().firingRequest(name, budget);
	}

	private Firing outcome(Schedule schedule, Instant fireTime, FiringCause cause, FiringOutcome outcome,
			@Nullable String reason, @Nullable String note, @Nullable String runId) {
		String said = (reason == null) ? note : (note == null) ? reason : note + "; " + reason;
		return new Firing(schedule.name(), fireTime, cause, outcome, (said != null) ? bounded(said) : null, runId,
				this.clock.instant());
	}

	private static String bounded(String reason) {
		return (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) + "…" : reason;
	}

}
