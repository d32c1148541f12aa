package io.imagebatch.run;

/**
 * Why every worker stopped taking a run's items, and how the run is to end once its calls
 * in flight are stored.
 *
 * @param status STOPPED or FAILED
 * @param reason why, in the domain's words (no command syntax: each interface phrases
 * what to do next)
 */
record RunHalt(RunStatus status, String reason) {

	/** How a reason for reaching the budget begins. */
	static final String BUDGET_REACHED = "budget reached";

	/** Someone asked the run to stop. */
	static final RunHalt STOP_REQUESTED = new RunHalt(RunStatus.STOPPED,
			"stopped on request; calls in flight were finished and stored");

}
