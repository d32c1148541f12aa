package io.imagebatch.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run is, with the one table of allowed transitions.
 */
public enum RunStatus {

	/** Created, waiting for a worker to start it. */
	QUEUED,

	/**
	 * Being worked on by its owner and any other worker (or its owner died: another
	 * worker adopts it).
	 */
	RUNNING,

	/** Every item reached an end state. */
	COMPLETED,

	/** Stopped by an error that no call can get past (bad key, no credit). */
	FAILED,

	/** Stopped on purpose, or by the budget; PENDING items wait for a restart. */
	STOPPED;

	private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(QUEUED, EnumSet.of(RUNNING),
			// RUNNING again: another worker adopts a run whose owner died or left
			RUNNING, EnumSet.of(RUNNING, COMPLETED, FAILED, STOPPED),
			// resubmission makes a new run: a completed run never runs again
			COMPLETED, EnumSet.noneOf(RunStatus.class),
			// restart
			FAILED, EnumSet.of(RUNNING), STOPPED, EnumSet.of(RUNNING));

	public boolean canBecome(RunStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	/** Fails unless the transition is allowed. */
	public void checkCanBecome(RunStatus next) {
		if (!canBecome(next)) {
			throw new IllegalStateException("a run cannot go from " + this + " to " + next);
		}
	}

	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == STOPPED;
	}

}
