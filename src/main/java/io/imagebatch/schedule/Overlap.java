package io.imagebatch.schedule;

/**
 * What a firing does while the schedule's previous run is still QUEUED or RUNNING.
 */
public enum Overlap {

	/** Records the firing as skipped and creates no run. */
	SKIP,

	/** Submits the run anyway; workers take it alongside the previous one. */
	QUEUE

}
