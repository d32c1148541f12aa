package io.imagebatch.run;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Works through a run's PENDING items with up to {@code concurrency} calls in flight,
 * each on its own virtual thread. A slot freed by any call is refilled at once, so one
 * slow call never holds back the others (no chunk barrier). A fatal answer or the budget
 * stops new claims; calls in flight finish and are stored.
 */
@Component
class GenerationDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(GenerationDispatcher.class);

	private final ItemRepository items;

	private final ItemGeneration generation;

	private final RunStops stops;

	GenerationDispatcher(ItemRepository items, ItemGeneration generation, RunStops stops) {
		this.items = items;
		this.generation = generation;
		this.stops = stops;
	}

	/**
	 * Processes every PENDING item of the run.
	 * @param run the run's context
	 * @param concurrency calls in flight at most
	 * @return why the run stopped early ({@code Fatal} or {@code OverBudget}), or
	 * {@code null} when every item was processed
	 */
	@Nullable ItemOutcome dispatch(RunContext run, int concurrency) throws InterruptedException {
		Semaphore slots = new Semaphore(concurrency);
		AtomicReference<@Nullable ItemOutcome> stop = new AtomicReference<>();
		try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
			while (stop.get() == null) {
				slots.acquire();
				if (this.stops.isRequested(run.runId())) {
					stop.compareAndSet(null, new ItemOutcome.StopRequested());
					break;
				}
				int free = 1 + slots.drainPermits();
				List<Item> claimed = this.items.claimPending(run.runId(), free);
				slots.release(free - claimed.size());
				if (claimed.isEmpty()) {
					break;
				}
				for (Item item : claimed) {
					calls.submit(() -> {
						try {
							process(item, run, stop);
						}
						finally {
							slots.release();
						}
					});
				}
			}
		}
		return stop.get();
	}

	private void process(Item item, RunContext run, AtomicReference<@Nullable ItemOutcome> stop) {
		if (stop.get() != null) {
			this.items.release(item);
			return;
		}
		try {
			ItemOutcome outcome = this.generation.process(item, run,
					() -> stop.get() != null || this.stops.isRequested(run.runId()));
			if (!(outcome instanceof ItemOutcome.Settled)) {
				stop.compareAndSet(null, outcome);
			}
		}
		catch (RuntimeException ex) {
			// a bug or a database outage must not take the other calls down with it; the
			// item
			// stays IN_FLIGHT and is picked up again when the run restarts
			logger.error("Item {} of run {} could not be processed", item.externalId(), run.runId(), ex);
		}
	}

}
