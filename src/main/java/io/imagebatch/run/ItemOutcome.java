package io.imagebatch.run;

import io.imagebatch.gateway.GatewayException;

/**
 * How processing one item ended, as the dispatcher needs to know it.
 */
sealed interface ItemOutcome {

	/** Succeeded or failed for good: the item is settled. */
	record Settled(ItemStatus status) implements ItemOutcome {
	}

	/**
	 * No call can succeed (bad key, no credit): the run must stop; the item is PENDING
	 * again.
	 */
	record Fatal(GatewayException cause) implements ItemOutcome {
	}

}
