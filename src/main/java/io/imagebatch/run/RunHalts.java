package io.imagebatch.run;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Whether a run's calls should stop here: the run was asked to stop or halted by any
 * process (read from the database, at most twice a second), or this process is winding
 * down (SIGTERM).
 */
@Component
public class RunHalts {

	/**
	 * How often the flags in the database are read: stopping is not urgent to the
	 * millisecond.
	 */
	private static final long READ_EVERY_NANOS = 500_000_000L;

	private final Set<String> local = ConcurrentHashMap.newKeySet();

	private final Map<String, long[]> lastRead = new ConcurrentHashMap<>();

	private final Map<String, Boolean> halted = new ConcurrentHashMap<>();

	private volatile boolean leaving;

	private final RunRepository runs;

	RunHalts(RunRepository runs) {
		this.runs = runs;
	}

	/**
	 * Stops a run's calls in this process: no new calls, calls in flight finish.
	 */
	public void requestHere(String runId) {
		this.local.add(runId);
	}

	/** This process leaves: calls waiting to be retried give their items back. */
	void leaving() {
		this.leaving = true;
	}

	boolean isHalted(String runId) {
		if (this.leaving || this.local.contains(runId)) {
			return true;
		}
		long now = System.nanoTime();
		long[] last = this.lastRead.computeIfAbsent(runId, (id) -> new long[] { now - READ_EVERY_NANOS });
		synchronized (last) {
			if (now - last[0] >= READ_EVERY_NANOS) {
				last[0] = now;
				this.halted.put(runId, this.runs.haltOf(runId).isPresent());
			}
		}
		return this.halted.getOrDefault(runId, false);
	}

	void forget(String runId) {
		this.local.remove(runId);
		this.lastRead.remove(runId);
		this.halted.remove(runId);
	}

}
