package io.imagebatch.dashboard;

import java.util.Locale;

import io.imagebatch.run.ErrorType;
import io.imagebatch.run.FailureGroup;
import org.jspecify.annotations.Nullable;

/**
 * A group of a run's failures as the Run page lists it.
 *
 * @param type the error type
 * @param code the gateway's code, if any
 * @param items how many items
 * @param sample one of their messages, bounded
 * @param anchor an id for the group's element in the page
 */
record FailureRow(ErrorType type, @Nullable String code, long items, String sample, String anchor) {

	/** The most of a sample message the page shows. */
	private static final int SAMPLE_LENGTH = 300;

	static FailureRow of(FailureGroup group) {
		String code = group.code();
		String anchor = "group-" + group.type().name().toLowerCase(Locale.ROOT) + "-"
				+ Integer.toHexString(String.valueOf(code).hashCode());
		return new FailureRow(group.type(), code, group.items(), Formats.bounded(group.sampleMessage(), SAMPLE_LENGTH),
				anchor);
	}

}
