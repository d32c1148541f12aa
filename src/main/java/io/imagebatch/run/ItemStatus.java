package io.imagebatch.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an item is, with the one table of allowed transitions.
 */
public enum ItemStatus {

	/** Waiting for a call. */
	PENDING,

	/** Claimed by a worker: a call or its storage is under way. */
	IN_FLIGHT,

	/** Every image is stored. */
	SUCCEEDED,

	/** Gave up, with an error type; resubmittable. */
	FAILED,

	/** Failed local validation; no call was made. */
	INVALID;

	private static final Map<ItemStatus, Set<ItemStatus>> ALLOWED = Map.of(PENDING, EnumSet.of(IN_FLIGHT),
			// back to PENDING when a run stops before the call was made
			IN_FLIGHT, EnumSet.of(SUCCEEDED, FAILED, PENDING), SUCCEEDED, EnumSet.noneOf(ItemStatus.class), FAILED,
			EnumSet.noneOf(ItemStatus.class), INVALID, EnumSet.noneOf(ItemStatus.class));

	public boolean canBecome(ItemStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	/** Fails unless the transition is allowed. */
	public void checkCanBecome(ItemStatus next) {
		if (!canBecome(next)) {
			throw new IllegalStateException("an item cannot go from " + this + " to " + next);
		}
	}

}
