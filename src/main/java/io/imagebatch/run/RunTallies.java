package io.imagebatch.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

/**
 * This process's tallies of the runs it works on, in memory until the next sample: the
 * item worker counts its calls in flight and the items they settle, the gateway call its
 * rate-limit waits. A run's tally goes once a sample finds it idle, so that a long-lived
 * worker keeps only the runs it is working on.
 */
@Component
class RunTallies {

	private final Map<String, RunTally> tallies = new ConcurrentHashMap<>();

	void callStarted(String runId) {
		update(runId, RunTally::callStarted);
	}

	void callEnded(String runId) {
		update(runId, RunTally::callEnded);
	}

	void settled(String runId, ItemStatus status) {
		update(runId, (tally) -> tally.settled(status));
	}

	void rateLimitWaited(String runId, long waits, Duration waited) {
		if (waits > 0 || waited.isPositive()) {
			update(runId, (tally) -> tally.rateLimitWaited(waits, waited));
		}
	}

	/**
	 * Takes every run's counts of the interval, those with nothing to say left out, and
	 * forgets the runs that are idle.
	 */
	Map<String, RunTally.Counts> drain() {
		Map<String, RunTally.Counts> drained = new LinkedHashMap<>();
		for (String runId : List.copyOf(this.tallies.keySet())) {
			this.tallies.computeIfPresent(runId, (id, tally) -> {
				RunTally.Counts counts = tally.drain();
				if (!counts.isEmpty()) {
					drained.put(id, counts);
				}
				return tally.idle() ? null : tally;
			});
		}
		return drained;
	}

	/**
	 * Changes a run's tally under the map's lock of its key, so that no change lands in a
	 * tally that {@link #drain} is dropping.
	 */
	private void update(String runId, Consumer<RunTally> change) {
		this.tallies.compute(runId, (id, tally) -> {
			RunTally current = (tally != null) ? tally : new RunTally();
			change.accept(current);
			return current;
		});
	}

}
