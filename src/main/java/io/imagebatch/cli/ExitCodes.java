package io.imagebatch.cli;

import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;

/**
 * The exit code of a finished run (DESIGN §2.1).
 */
final class ExitCodes {

	private ExitCodes() {
	}

	static int of(Run run, ItemCounts counts) {
		if (run.status() != RunStatus.COMPLETED) {
			return Cli.RUN_FAILED;
		}
		return (counts.failed() + counts.invalid() == 0) ? Cli.OK : Cli.ITEMS_FAILED;
	}

}
