package io.imagebatch.gateway;

import java.util.Locale;

/**
 * How a gateway's calls are made: one HTTP call per request, or many requests in a
 * provider batch (a JSONL file uploaded, run by the provider within a day, its results
 * read back), which providers charge about half for.
 */
public enum CallMode {

	/** One call per request, answered at once. */
	SYNC,

	/** Requests written to a file and run by the provider's Batch API. */
	BATCH;

	/** The mode as configured and shown: {@code sync} or {@code batch}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The mode named {@code id}, whatever its case.
	 * @throws IllegalArgumentException when it is neither {@code sync} nor {@code batch}
	 */
	public static CallMode of(String id) {
		for (CallMode mode : values()) {
			if (mode.id().equalsIgnoreCase(id.strip())) {
				return mode;
			}
		}
		throw new IllegalArgumentException("mode '" + id + "' is not one of sync, batch");
	}

}
