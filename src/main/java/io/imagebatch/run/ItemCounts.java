package io.imagebatch.run;

/**
 * A run's items by status.
 *
 * @param pending waiting
 * @param inFlight being worked on
 * @param succeeded done
 * @param failed failed
 * @param invalid invalid
 */
public record ItemCounts(long pending, long inFlight, long succeeded, long failed, long invalid) {

	public long total() {
		return this.pending + this.inFlight + this.succeeded + this.failed + this.invalid;
	}

	/** Items that reached an end state. */
	public long done() {
		return this.succeeded + this.failed + this.invalid;
	}

}
