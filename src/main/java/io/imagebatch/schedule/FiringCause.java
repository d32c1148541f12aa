package io.imagebatch.schedule;

/**
 * Why a schedule fired.
 */
public enum FiringCause {

	/** Its cron said so. */
	CRON,

	/** A user asked for a firing now. */
	RUN_NOW,

	/** Firings were missed while no process ran, and its misfire policy is RUN_ONCE. */
	MISFIRE

}
