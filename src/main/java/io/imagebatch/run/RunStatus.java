package io.imagebatch.run;

/**
 * Where a run is.
 */
public enum RunStatus {

	/** Created, not started. */
	PENDING,

	/** Being worked on (or its process died: see {@code restart}). */
	RUNNING,

	/** Every item reached an end state. */
	COMPLETED,

	/** Stopped by an error that no call can get past (bad key, no credit). */
	FAILED,

	/** Stopped on purpose, or by the budget; PENDING items wait for a restart. */
	STOPPED;

	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == STOPPED;
	}

}
