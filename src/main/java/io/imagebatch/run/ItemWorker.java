package io.imagebatch.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import io.imagebatch.cost.Cost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Works on the items of every RUNNING run in its scope, with up to {@code concurrency}
 * calls in flight, each on its own virtual thread. A slot freed by any call is refilled
 * at once (no chunk barrier), and free slots go to the runs in turn, so that a large run
 * does not starve a small one. A fatal answer or the budget halts the run for every
 * worker; a stop or this process leaving stops new claims, and the calls in flight finish
 * and are stored.
 */
final class ItemWorker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ItemWorker.class);

	private final Collaborators with;

	private final Predicate<String> scope;

	private final Semaphore slots;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	private final Thread loop;

	private volatile boolean stopping;

	/** The run that got the first free slot last time: the next one starts the turn. */
	private int turn;

	/**
	 * The runs with work, as last read; read again every poll interval or when none is
	 * left.
	 */
	private List<WorkQueue.ActiveRun> active = List.of();

	private long activeReadAt;

	ItemWorker(Collaborators with, Predicate<String> scope, int concurrency) {
		this.with = with;
		this.scope = scope;
		this.slots = new Semaphore(concurrency);
		this.loop = Thread.ofPlatform().name("item-worker").daemon().unstarted(this::claimWhileRunning);
	}

	ItemWorker start() {
		this.loop.start();
		return this;
	}

	private void claimWhileRunning() {
		Duration poll = this.with.properties().pollInterval();
		while (!this.stopping) {
			try {
				if (!this.slots.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS)) {
					continue;
				}
				int free = 1 + this.slots.drainPermits();
				List<Claimed> claimed = List.of();
				try {
					claimed = this.stopping ? List.of() : claimFairly(free);
				}
				finally {
					// a claim that failed (the database away) must not keep the slots:
					// the
					// worker would claim nothing ever again
					this.slots.release(free - claimed.size());
				}
				for (Claimed item : claimed) {
					this.calls.submit(() -> {
						String runId = item.item().runId();
						this.with.tallies().callStarted(runId);
						try {
							process(item.item(), item.run());
						}
						finally {
							this.with.tallies().callEnded(runId);
							this.slots.release();
						}
					});
				}
				if (claimed.isEmpty() && !this.stopping) {
					// nothing to do: look again in a moment (woken early by close)
					LockSupport.parkNanos(this, poll.toNanos());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// a database outage must not end the worker: it tries again
				logger.warn("Could not claim items: {}", ex.getMessage());
				LockSupport.parkNanos(this, poll.toNanos());
			}
		}
	}

	/**
	 * Shares the free slots among the runs with work, in turn: each run gets its share,
	 * starting with the one after the run that started last time.
	 */
	private List<Claimed> claimFairly(int free) {
		List<WorkQueue.ActiveRun> runs = activeRuns();
		if (runs.isEmpty()) {
			return List.of();
		}
		String workerId = this.with.worker().id();
		int share = Math.max(1, (free + runs.size() - 1) / runs.size());
		int first = Math.floorMod(this.turn++, runs.size());
		List<Claimed> claimed = new ArrayList<>();
		for (int i = 0; i < runs.size() && claimed.size() < free; i++) {
			WorkQueue.ActiveRun run = runs.get((first + i) % runs.size());
			try {
				this.with.queue()
					.claim(run.id(), workerId, Math.min(share, free - claimed.size()))
					.forEach((item) -> claimed.add(new Claimed(item, run)));
			}
			catch (RuntimeException ex) {
				if (claimed.isEmpty()) {
					throw ex;
				}
				// the items claimed already are this worker's now: they are worked on,
				// not
				// left in flight until it leaves
				logger.warn("Could not claim items of run {}: {}", run.id(), ex.getMessage());
				break;
			}
		}
		if (claimed.isEmpty()) {
			// every run is done, full or halted: look again at once next time
			this.active = List.of();
		}
		return claimed;
	}

	/**
	 * The runs in scope with work. Read at most once a poll interval while there are
	 * some: at full speed a slot frees every few milliseconds, and a claim finds out for
	 * itself that a run has nothing left.
	 */
	private List<WorkQueue.ActiveRun> activeRuns() {
		long now = System.nanoTime();
		if (this.active.isEmpty() || now - this.activeReadAt > this.with.properties().pollInterval().toNanos()) {
			this.active = this.with.queue().activeRuns().stream().filter((run) -> this.scope.test(run.id())).toList();
			this.activeReadAt = now;
		}
		return this.active;
	}

	private void process(Item item, WorkQueue.ActiveRun active) {
		String runId = item.runId();
		try {
			if (this.with.halts().isHalted(runId)) {
				this.with.queue().release(item);
				return;
			}
			RunContext run = this.with.contexts().of(runId, active.startedAt());
			ItemOutcome outcome = this.with.generation().process(item, run, () -> this.with.halts().isHalted(runId));
			switch (outcome) {
				case ItemOutcome.Fatal fatal -> this.with.runs().halt(runId, RunStatus.FAILED, reason(fatal));
				case ItemOutcome.OverBudget over ->
					this.with.runs()
						.halt(runId, RunStatus.STOPPED, RunHalt.BUDGET_REACHED + ": $"
								+ Cost.format(run.budget().committed()) + " of $" + Cost.format(run.budget().limit())
								+ " spent or reserved, and the next call (~$" + Cost.format(over.estimate())
								+ ") would pass it; pending items wait for a restart " + "with a higher budget");
				case ItemOutcome.StopRequested stop -> {
				}
				case ItemOutcome.Settled settled -> this.with.tallies().settled(runId, settled.status());
			}
		}
		catch (RuntimeException ex) {
			// a bug or a database outage must not take the other calls down with it: the
			// item goes back to the queue for the pay-once check, or, if even that
			// fails, stays in flight until this worker leaves
			logger.error("Item {} of run {} could not be processed", item.externalId(), runId, ex);
			try {
				this.with.queue().releaseForCheck(item);
			}
			catch (RuntimeException again) {
				logger.warn("Item {} of run {} stays in flight until this worker leaves: {}", item.externalId(), runId,
						again.getMessage());
			}
		}
	}

	/** The gateway's words are bounded so that ours, which say what happened, survive. */
	private static String reason(ItemOutcome.Fatal fatal) {
		return "gateway '" + fatal.gateway() + "' answered HTTP " + fatal.cause().status() + " "
				+ ((fatal.cause().code() != null) ? StoredText.code(fatal.cause().code()) + ": " : "")
				+ StoredText.message(String.valueOf(fatal.cause().getMessage()))
				+ " — no call can succeed until this is fixed; pending items wait for a restart";
	}

	/**
	 * Stops claiming, and waits up to {@code grace} for the calls in flight to finish and
	 * be stored.
	 * @return whether they all did
	 */
	boolean stop(Duration grace) {
		this.stopping = true;
		LockSupport.unpark(this.loop);
		try {
			this.loop.join(grace.toMillis());
			this.calls.shutdown();
			return this.calls.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		stop(Duration.ofSeconds(30));
		this.calls.shutdownNow();
	}

	private record Claimed(Item item, WorkQueue.ActiveRun run) {

	}

	/**
	 * What an item worker works with.
	 */
	@Component
	record Collaborators(WorkQueue queue, ItemGeneration generation, RunContexts contexts, RunHalts halts,
			RunRepository runs, LocalWorker worker, WorkerProperties properties, RunTallies tallies) {

	}

}
