package io.imagebatch.cost;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A run's spending cap. Each call reserves its estimated price before it starts and
 * settles with what it really cost once the gateway answered, so calls in flight together
 * can never pass the cap between them. A call whose price is unknown keeps its estimate
 * reserved: the cap errs on the side of spending less.
 */
public final class Budget {

	private final @Nullable BigDecimal limit;

	private BigDecimal committed;

	/**
	 * @param limit the cap, or {@code null} for none
	 * @param alreadySpent what the run spent before (a restart)
	 */
	public Budget(@Nullable BigDecimal limit, BigDecimal alreadySpent) {
		this.limit = limit;
		this.committed = alreadySpent;
	}

	public static Budget unlimited() {
		return new Budget(null, BigDecimal.ZERO);
	}

	/**
	 * Reserves the estimate unless it would take spending past the cap.
	 * @param estimate what the call is expected to cost
	 * @return whether the call may go ahead
	 */
	public synchronized boolean tryReserve(BigDecimal estimate) {
		BigDecimal after = this.committed.add(estimate);
		if (this.limit != null && after.compareTo(this.limit) > 0) {
			return false;
		}
		this.committed = after;
		return true;
	}

	/**
	 * Replaces a reservation by the call's real cost.
	 * @param estimate what was reserved
	 * @param actual what it cost: zero when the call failed unpaid, {@code null} when the
	 * price is unknown (the estimate then stays)
	 */
	public synchronized void settle(BigDecimal estimate, @Nullable BigDecimal actual) {
		if (actual != null) {
			this.committed = this.committed.subtract(estimate).add(actual);
		}
	}

	public @Nullable BigDecimal limit() {
		return this.limit;
	}

	/** Spent and reserved so far. */
	public synchronized BigDecimal committed() {
		return this.committed;
	}

}
