package io.imagebatch.run;

import java.math.BigDecimal;

import io.imagebatch.gateway.GatewayException;
import org.jspecify.annotations.Nullable;

/**
 * How processing one item ended, as the dispatcher needs to know it.
 */
sealed interface ItemOutcome {

	/**
	 * Succeeded or failed for good: the item is settled.
	 *
	 * @param status SUCCEEDED or FAILED
	 * @param error why it failed; {@code null} when it succeeded
	 */
	record Settled(ItemStatus status, @Nullable ErrorType error) implements ItemOutcome {
	}

	/**
	 * No call can succeed (bad key, no credit): the run must stop; the item is PENDING
	 * again.
	 */
	record Fatal(String gateway, GatewayException cause) implements ItemOutcome {
	}

	/**
	 * The call would take spending past the budget: the run stops; the item is PENDING.
	 */
	record OverBudget(BigDecimal estimate) implements ItemOutcome {
	}

	/** Someone asked the run to stop: no new calls; those in flight finish. */
	record StopRequested() implements ItemOutcome {
	}

}
