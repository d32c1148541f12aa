package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Duration;

import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;

/**
 * What happened to an item's call, as it happened: the run module's events, for metrics.
 * They name the gateway and the catalog model (size and quality as the cost ledger keeps
 * them), never a run, an item or a prompt.
 */
public sealed interface CallEvent {

	/** The gateway's name. */
	String gateway();

	/**
	 * An attempt at a call is about to ask its gateway's traffic control for leave to
	 * start.
	 *
	 * @param gateway the gateway
	 * @param model the catalog model id
	 */
	record Started(String gateway, String model) implements CallEvent {
	}

	/**
	 * An attempt at a call ended: at once when it failed, once its images are stored (or
	 * failed to be) when the gateway answered.
	 *
	 * @param gateway the gateway
	 * @param model the catalog model id
	 * @param outcome how it ended
	 * @param duration how long the gateway took, its traffic control's waits left out
	 */
	record Ended(String gateway, String model, CallOutcome outcome, Duration duration) implements CallEvent {
	}

	/**
	 * An answered call's cost was written to the cost ledger, this very amount.
	 *
	 * @param gateway the gateway
	 * @param model the catalog model id
	 * @param size the size, {@code -} for a model that takes none
	 * @param quality the quality, {@code -} for a model that takes none
	 * @param usd what it cost; {@code null} when its price is unknown
	 * @param mode how the call was made: a batch call cost half
	 */
	record CostRecorded(String gateway, String model, String size, String quality, @Nullable BigDecimal usd,
			CallMode mode) implements CallEvent {

		/** A synchronous call's cost. */
		public CostRecorded(String gateway, String model, String size, String quality, @Nullable BigDecimal usd) {
			this(gateway, model, size, quality, usd, CallMode.SYNC);
		}

	}

	/**
	 * An image was put to S3.
	 *
	 * @param gateway the gateway
	 * @param model the catalog model id
	 * @param size the size, {@code -} for a model that takes none
	 * @param quality the quality, {@code -} for a model that takes none
	 * @param sinceAnswer from the gateway's answer to the stored object; {@code null} for
	 * an answer a process before this one received
	 */
	record ImageStored(String gateway, String model, String size, String quality,
			@Nullable Duration sinceAnswer) implements CallEvent {
	}

	/**
	 * A call waited for its gateway's rate limit after a 429, before trying again (the
	 * waits inside the gateway's traffic control are its own to tell).
	 *
	 * @param gateway the gateway
	 * @param waited how long
	 */
	record RateLimitWaited(String gateway, Duration waited) implements CallEvent {
	}

}
