package io.imagebatch.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.imagebatch.input.PromptRow;
import org.jspecify.annotations.Nullable;

/**
 * Walks the failed items a {@link Resubmission} takes from its parent run, a page at a
 * time in id order, so that any number of failures is read in constant memory. Both the
 * check before a resubmission is created and its load step read through here, so they
 * cannot disagree on what is taken.
 */
final class ResubmissionRows {

	private static final int PAGE_SIZE = 500;

	private final ItemRepository items;

	private final Resubmission resubmission;

	private final Deque<FailedItem> page = new ArrayDeque<>();

	private long after;

	private boolean exhausted;

	private long leftOut;

	/**
	 * @param after the id of the last item already taken (0 to start at the beginning)
	 */
	ResubmissionRows(ItemRepository items, Resubmission resubmission, long after) {
		this.items = items;
		this.resubmission = resubmission;
		this.after = after;
	}

	/**
	 * The next item taken, or {@code null} when there are no more. Taking every failure
	 * takes an INVALID item only when the edits file changes it: sent as it is, or with a
	 * change meant for the failed items, it would only be invalid again.
	 */
	@Nullable FailedItem next() {
		while (true) {
			if (this.page.isEmpty() && !fetch()) {
				return null;
			}
			FailedItem item = this.page.poll();
			if (isTaken(item)) {
				return item;
			}
			this.leftOut++;
		}
	}

	/** The item as the input row the new run loads. */
	PromptRow row(FailedItem item) {
		return new PromptRow(item.line(), this.resubmission.apply(item.externalId(), item.columns()));
	}

	/**
	 * INVALID items passed over because they were neither chosen nor edited one by one.
	 */
	long leftOut() {
		return this.leftOut;
	}

	private boolean isTaken(FailedItem item) {
		return item.status() == ItemStatus.FAILED || this.resubmission.chosen()
				|| this.resubmission.edits().containsKey(item.externalId());
	}

	private boolean fetch() {
		if (this.exhausted) {
			return false;
		}
		List<FailedItem> next = this.items.failedAfter(this.resubmission.parentRunId(), this.after, PAGE_SIZE,
				this.resubmission.errorTypes(), this.resubmission.itemIds());
		this.exhausted = next.size() < PAGE_SIZE;
		if (!next.isEmpty()) {
			this.after = next.getLast().id();
		}
		this.page.addAll(next);
		return !next.isEmpty();
	}

}
