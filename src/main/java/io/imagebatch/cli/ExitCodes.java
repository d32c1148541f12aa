package io.imagebatch.cli;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;

/**
 * The exit code of a finished run (DESIGN §2.1).
 */
final class ExitCodes {

	private ExitCodes() {
	}

	/**
	 * @param run the run as it ended
	 * @param failedOrInvalid its items that ended FAILED or INVALID
	 */
	static int of(Run run, long failedOrInvalid) {
		if (run.status() != RunStatus.COMPLETED) {
			return Cli.RUN_FAILED;
		}
		return (failedOrInvalid == 0) ? Cli.OK : Cli.ITEMS_FAILED;
	}

}
