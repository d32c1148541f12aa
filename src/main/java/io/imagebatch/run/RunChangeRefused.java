package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

/**
 * A run cannot be stopped or restarted where it is. Says where it is, so that the caller
 * can phrase what to do next in its own terms.
 */
public class RunChangeRefused extends IllegalArgumentException {

	private final String runId;

	private final Change change;

	private final RunStatus status;

	private final @Nullable String owner;

	private final boolean processGone;

	public RunChangeRefused(String runId, Change change, RunStatus status, @Nullable String owner,
			boolean processGone) {
		super(message(runId, change, status, owner, processGone));
		this.runId = runId;
		this.change = change;
		this.status = status;
		this.owner = owner;
		this.processGone = processGone;
	}

	private static String message(String runId, Change change, RunStatus status, @Nullable String owner,
			boolean processGone) {
		String where = (status != RunStatus.RUNNING) ? status.toString()
				: processGone ? "RUNNING, but its process is gone"
						: "RUNNING, and its process " + ((owner != null) ? owner : "?") + " is alive";
		return "run " + runId + " is " + where + ": it cannot be " + change.done;
	}

	public String runId() {
		return this.runId;
	}

	public Change change() {
		return this.change;
	}

	public RunStatus status() {
		return this.status;
	}

	/** The process that last ran it, if any. */
	public @Nullable String owner() {
		return this.owner;
	}

	/** For a RUNNING run: whether the process running it died. */
	public boolean processGone() {
		return this.processGone;
	}

	/**
	 * What was asked of the run.
	 */
	public enum Change {

		STOP("stopped"), RESTART("restarted");

		private final String done;

		Change(String done) {
			this.done = done;
		}

	}

}
