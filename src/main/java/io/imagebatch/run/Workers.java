package io.imagebatch.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.imagebatch.gateway.Gateways;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The worker feature's front door: this process working on runs, alone on one run (the
 * {@code generate} path) or on every run as a headless worker, and the live workers as
 * the database knows them.
 */
@Component
public class Workers {

	private static final Logger logger = LoggerFactory.getLogger(Workers.class);

	private final ItemWorker.Collaborators collaborators;

	private final RunOwnership ownership;

	private final OwnedRuns owned;

	private final RunRepository runs;

	private final WorkerRepository workers;

	private final ObjectProvider<Gateways> gateways;

	private final CountDownLatch leaving = new CountDownLatch(1);

	private final Map<String, Thread> adopted = new ConcurrentHashMap<>();

	Workers(ItemWorker.Collaborators collaborators, RunOwnership ownership, OwnedRuns owned, RunRepository runs,
			WorkerRepository workers, ObjectProvider<Gateways> gateways) {
		this.collaborators = collaborators;
		this.ownership = ownership;
		this.owned = owned;
		this.runs = runs;
		this.workers = workers;
		this.gateways = gateways;
	}

	/**
	 * Works on the items of the runs in {@code scope}, as this process's worker
	 * registered as {@code kind}.
	 * @return the item worker, to be closed when done
	 */
	ItemWorker itemWorker(String kind, Predicate<String> scope) {
		this.collaborators.worker().start(kind);
		return new ItemWorker(this.collaborators, scope, concurrency()).start();
	}

	/**
	 * Works on every run until {@link #leave} is called: takes items of every RUNNING
	 * run, starts QUEUED runs and adopts those whose owner died or left, each on a thread
	 * of its own.
	 * @param kind what this process is, for {@code workers}: {@code worker},
	 * {@code serve}
	 * @param grace how long calls in flight may take to finish once leaving
	 */
	public void workUntilLeaving(String kind, Duration grace) throws InterruptedException {
		WorkerProperties properties = this.collaborators.properties();
		String id = this.collaborators.worker().start(kind);
		logger.info("Worker {} started: {} calls at a time over every run", id, concurrency());
		try (ItemWorker items = new ItemWorker(this.collaborators, (run) -> true, concurrency()).start()) {
			while (!this.leaving.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
				takeOwnerlessRuns();
			}
			this.collaborators.halts().leaving();
			this.owned.handOverAll();
			boolean stored = items.stop(grace);
			for (Thread owner : this.adopted.values()) {
				owner.join(grace.toMillis());
			}
			logger.info("Worker {} leaves: {}", id,
					stored ? "its calls in flight were stored" : "calls still in flight go back to the queue");
		}
		finally {
			this.collaborators.worker().end("left");
		}
	}

	/** Asks {@link #workUntilLeaving} to stop claiming, hand its runs over and return. */
	public void leave() {
		this.leaving.countDown();
	}

	private void takeOwnerlessRuns() {
		try {
			for (String runId : this.runs.orphaned()) {
				own(runId, () -> this.ownership.adopt(runId));
			}
			for (String runId : this.runs.queued(1)) {
				own(runId, () -> {
					this.ownership.start(runId);
					return true;
				});
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look for runs without an owner: {}", ex.getMessage());
		}
	}

	private void own(String runId, java.util.concurrent.Callable<Boolean> job) {
		if (this.adopted.containsKey(runId) || this.leaving.getCount() == 0) {
			return;
		}
		Thread owner = Thread.ofPlatform().name("run-" + runId).unstarted(() -> {
			try {
				if (job.call()) {
					logger.info("Run {}: its job ran here until it ended or was handed over", runId);
				}
			}
			catch (RunChangedConcurrently ex) {
				logger.debug("Run {} was taken by another worker first", runId);
			}
			catch (Exception ex) {
				logger.error("Run {} could not be taken over here", runId, ex);
			}
			finally {
				this.adopted.remove(runId);
			}
		});
		if (this.adopted.putIfAbsent(runId, owner) == null) {
			owner.start();
		}
	}

	/** The live workers, judged on the database's clock. */
	public List<Worker> live() {
		return this.workers.live(this.collaborators.properties().staleAfter());
	}

	/** Which workers hold items of a run in flight now. */
	public List<RunWorker> ofRun(String runId) {
		return this.workers.ofRun(runId, this.collaborators.properties().staleAfter());
	}

	private int concurrency() {
		Integer configured = this.collaborators.properties().concurrency();
		if (configured != null) {
			return configured;
		}
		Gateways all = this.gateways.getObject();
		return all.names().stream().mapToInt((name) -> all.get(name).maxConcurrency()).sum();
	}

}
