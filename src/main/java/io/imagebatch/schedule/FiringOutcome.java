package io.imagebatch.schedule;

/**
 * What became of a firing.
 */
public enum FiringOutcome {

	/** A run was submitted. */
	RUN_CREATED,

	/** No run: the schedule's previous run was still active and its overlap is SKIP. */
	SKIPPED_OVERLAP,

	/** No run: its estimate would pass a spend cap, or nothing is left under one. */
	SKIPPED_CAP,

	/**
	 * No run: the firing was missed while no process ran and the misfire policy is SKIP.
	 */
	MISSED,

	/**
	 * No run: the run could not be submitted (its source unreadable, its gateway
	 * gone...).
	 */
	FAILED;

	/** Whether the firing submitted a run. */
	public boolean ran() {
		return this == RUN_CREATED;
	}

}
