package io.imagebatch.schedule;

/**
 * What happens to firings missed while no process could fire them.
 */
public enum Misfire {

	/** Records them as missed; the schedule goes on with its next fire time. */
	SKIP,

	/** Fires once for all of them (never once per missed firing), then goes on. */
	RUN_ONCE

}
