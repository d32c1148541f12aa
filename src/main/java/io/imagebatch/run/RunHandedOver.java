package io.imagebatch.run;

/**
 * The run's owner is leaving (SIGTERM to a worker): its job ends here without ending the
 * run, which another worker adopts.
 */
class RunHandedOver extends RuntimeException {

	RunHandedOver(String runId) {
		super("run " + runId + " was handed over to another worker");
	}

}
