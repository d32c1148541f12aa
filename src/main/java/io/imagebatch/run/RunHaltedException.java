package io.imagebatch.run;

/**
 * Ends a run early with a status and a reason a person can act on.
 */
class RunHaltedException extends RuntimeException {

	private final RunStatus status;

	RunHaltedException(RunStatus status, String reason) {
		super(reason);
		this.status = status;
	}

	RunStatus status() {
		return this.status;
	}

}
