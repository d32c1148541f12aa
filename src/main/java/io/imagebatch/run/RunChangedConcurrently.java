package io.imagebatch.run;

/**
 * Another command changed a run between the moment this one read it and the moment it
 * wrote: the change asked for was not made. Two commands on one run (a {@code stop} and a
 * {@code restart}, two restarts) cannot both win; the loser gets this.
 */
public class RunChangedConcurrently extends RuntimeException {

	private final String runId;

	public RunChangedConcurrently(String runId, int versionRead) {
		super("run " + runId + " was changed by someone else while this change was being made (it was at version "
				+ versionRead + "); nothing was changed");
		this.runId = runId;
	}

	/** The run that changed. */
	public String runId() {
		return this.runId;
	}

}
