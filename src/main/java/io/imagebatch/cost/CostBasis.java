package io.imagebatch.cost;

/**
 * Where a cost figure came from.
 */
public enum CostBasis {

	/** Per-image list price by model, size and quality. */
	CATALOG,

	/** Tokens reported by the gateway times per-token prices. */
	USAGE,

	/** No price known: recorded and reported, never counted as zero. */
	UNKNOWN;

	String dbValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	static CostBasis fromDb(String value) {
		return valueOf(value.toUpperCase(java.util.Locale.ROOT));
	}

}
