package io.imagebatch.run;

/**
 * No run has the id asked for.
 */
public class RunNotFound extends IllegalArgumentException {

	private final String runId;

	public RunNotFound(String runId) {
		super("no run '" + runId + "'");
		this.runId = runId;
	}

	public String runId() {
		return this.runId;
	}

}
