package io.imagebatch.run;

/**
 * Why an item did not succeed (DESIGN §4), for reports and resubmission filters.
 */
public enum ErrorType {

	/** Failed local validation against the model catalog. */
	INVALID,

	/** The gateway refused the request. */
	REJECTED,

	/** 5xx, timeouts or resets, after every retry. */
	TRANSIENT,

	/** The image URL was gone before the download. */
	EXPIRED,

	/** The image could not be stored. */
	STORAGE

}
