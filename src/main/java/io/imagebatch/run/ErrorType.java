package io.imagebatch.run;

import io.imagebatch.gateway.ErrorKind;

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
	STORAGE;

	/** The type an item fails with after the gateway's failure of this kind. */
	static ErrorType of(ErrorKind kind) {
		return switch (kind) {
			case REJECTED -> ErrorType.REJECTED;
			case EXPIRED -> ErrorType.EXPIRED;
			case TRANSIENT, RATE_LIMITED, FATAL -> ErrorType.TRANSIENT;
		};
	}

}
