package io.imagebatch.cost;

/**
 * How spending over a period is grouped: one line per day, or one per model, size and
 * quality.
 */
public enum CostGrouping {

	/** One line per day in the period's zone. */
	day,

	/** One line per model, size and quality. */
	model

}
