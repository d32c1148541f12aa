package io.imagebatch.dashboard;

import io.imagebatch.run.ItemCounts;

/**
 * A run's items as one bar: the widths (percent) of its segments, and the same in words
 * for screen readers and for anyone who does not tell the colours apart.
 *
 * @param succeeded the width of the succeeded segment
 * @param failed the width of the failed segment
 * @param invalid the width of the invalid segment
 * @param inFlight the width of the in-flight segment
 * @param pending the width of the pending segment
 * @param label what the bar shows, in words
 * @param done the items settled (or refused) out of all, in percent
 */
record ProgressBar(String succeeded, String failed, String invalid, String inFlight, String pending, String label,
		String done) {

	static ProgressBar of(ItemCounts items) {
		long total = items.total();
		long settled = items.succeeded() + items.failed() + items.invalid();
		String label = "%d of %d succeeded, %d failed, %d invalid, %d in flight, %d pending"
			.formatted(items.succeeded(), total, items.failed(), items.invalid(), items.inFlight(), items.pending());
		return new ProgressBar(Formats.percent(items.succeeded(), total), Formats.percent(items.failed(), total),
				Formats.percent(items.invalid(), total), Formats.percent(items.inFlight(), total),
				Formats.percent(items.pending(), total), label, Formats.percent(settled, total));
	}

}
