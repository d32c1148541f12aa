package io.imagebatch.simulator;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a simulated batch is in its life, with the one table of the moves allowed between
 * them.
 */
enum BatchStatus {

	VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED;

	private static final Map<BatchStatus, Set<BatchStatus>> ALLOWED = Map.of(VALIDATING,
			EnumSet.of(IN_PROGRESS, FAILED, CANCELLING), IN_PROGRESS, EnumSet.of(FINALIZING, FAILED, CANCELLING),
			FINALIZING, EnumSet.of(COMPLETED, EXPIRED, FAILED, CANCELLING), CANCELLING, EnumSet.of(CANCELLED), FAILED,
			EnumSet.noneOf(BatchStatus.class), COMPLETED, EnumSet.noneOf(BatchStatus.class), EXPIRED,
			EnumSet.noneOf(BatchStatus.class), CANCELLED, EnumSet.noneOf(BatchStatus.class));

	boolean canMoveTo(BatchStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	boolean terminal() {
		return ALLOWED.get(this).isEmpty();
	}

	/** As the Batch API writes it: {@code in_progress}. */
	String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

}
