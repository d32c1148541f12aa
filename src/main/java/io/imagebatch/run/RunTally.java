package io.imagebatch.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process did for one run since its last sample: items settled, calls in flight
 * now, and waits for the gateway's rate limits. Updated by every call of the run at once;
 * the counters of an interval are taken and reset together by {@link #drain}.
 */
final class RunTally {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong rateLimitWaits = new AtomicLong();

	private final AtomicLong rateLimitWaitNanos = new AtomicLong();

	void callStarted() {
		this.inFlight.incrementAndGet();
	}

	void callEnded() {
		this.inFlight.decrementAndGet();
	}

	void settled(ItemStatus status) {
		(status == ItemStatus.SUCCEEDED ? this.succeeded : this.failed).incrementAndGet();
	}

	void rateLimitWaited(long waits, Duration waited) {
		this.rateLimitWaits.addAndGet(waits);
		this.rateLimitWaitNanos.addAndGet(waited.toNanos());
	}

	/**
	 * The interval's counts, which start again from zero; the calls in flight are a gauge
	 * and stay. An update racing with this lands in this interval or the next, never in
	 * none.
	 */
	Counts drain() {
		return new Counts(this.succeeded.getAndSet(0), this.failed.getAndSet(0), this.inFlight.get(),
				this.rateLimitWaits.getAndSet(0), Duration.ofNanos(this.rateLimitWaitNanos.getAndSet(0)));
	}

	/** Whether there is nothing to sample: nothing counted, nothing in flight. */
	boolean idle() {
		return this.inFlight.get() == 0 && this.succeeded.get() == 0 && this.failed.get() == 0
				&& this.rateLimitWaits.get() == 0 && this.rateLimitWaitNanos.get() == 0;
	}

	/**
	 * One interval of a run on one worker.
	 *
	 * @param succeeded items that succeeded in it
	 * @param failed items that failed for good in it
	 * @param inFlight calls in flight at its end
	 * @param rateLimitWaits calls held back by the gateway's limits, and waits after a
	 * 429
	 * @param rateLimitWaited how long those waits took in all
	 */
	record Counts(long succeeded, long failed, int inFlight, long rateLimitWaits, Duration rateLimitWaited) {

		/** Whether a sample would say nothing: it is not written. */
		boolean isEmpty() {
			return this.succeeded == 0 && this.failed == 0 && this.inFlight == 0 && this.rateLimitWaits == 0
					&& this.rateLimitWaited.isZero();
		}

	}

}
