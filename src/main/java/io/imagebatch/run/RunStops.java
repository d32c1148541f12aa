package io.imagebatch.run;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Stop requests for runs: from this process (SIGTERM) or from any other ('stop' writes a
 * flag on the run that the running process reads between claims).
 */
@Component
public class RunStops {

	/**
	 * How often the flag in the database is read: stopping is not urgent to the
	 * millisecond.
	 */
	private static final long READ_EVERY_NANOS = 500_000_000L;

	private final Set<String> local = ConcurrentHashMap.newKeySet();

	private final Map<String, long[]> lastRead = new ConcurrentHashMap<>();

	private final RunRepository runs;

	RunStops(RunRepository runs) {
		this.runs = runs;
	}

	/**
	 * Asks a run executing in this process to stop: no new calls, calls in flight finish.
	 */
	public void requestHere(String runId) {
		this.local.add(runId);
	}

	boolean isRequested(String runId) {
		if (this.local.contains(runId)) {
			return true;
		}
		long now = System.nanoTime();
		long[] last = this.lastRead.computeIfAbsent(runId, (id) -> new long[] { now - READ_EVERY_NANOS });
		synchronized (last) {
			if (now - last[0] < READ_EVERY_NANOS) {
				return false;
			}
			last[0] = now;
		}
		if (this.runs.stopRequested(runId)) {
			this.local.add(runId);
			return true;
		}
		return false;
	}

	void forget(String runId) {
		this.local.remove(runId);
		this.lastRead.remove(runId);
	}

}
