package io.imagebatch.cost;

/**
 * Days that are not a period a spending report can cover, naming what is wrong with them.
 */
public class CostPeriodRefused extends RuntimeException {

	private final String field;

	CostPeriodRefused(String field, String message) {
		super(message);
		this.field = field;
	}

	/** What is wrong: {@code from}, {@code to} or {@code zone}. */
	public String field() {
		return this.field;
	}

}
