package io.imagebatch.gateway;

import java.util.Locale;

/**
 * How a run's calls are made: one synchronous call per item, or in files through the
 * provider's Batch API, at half the price within 24 hours.
 */
public enum CallMode {

	SYNC, BATCH;

	/** The name in configuration, options and reports: {@code sync} or {@code batch}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The mode of a name, in any case.
	 * @throws IllegalArgumentException when it is neither
	 */
	public static CallMode of(String name) {
		for (CallMode mode : values()) {
			if (mode.id().equalsIgnoreCase(name.strip())) {
				return mode;
			}
		}
		throw new IllegalArgumentException("mode '" + name + "' is not one of sync, batch");
	}

}
