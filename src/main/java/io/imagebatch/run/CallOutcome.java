package io.imagebatch.run;

import io.imagebatch.gateway.ErrorKind;

/**
 * How one call to a gateway ended, in the words of the error policy (DESIGN §4): a small
 * fixed set, for counting calls by outcome. A call the gateway answered ends when its
 * images are stored, or when storing them failed.
 */
public enum CallOutcome {

	/** Answered, and every image stored. */
	SUCCEEDED,

	/** Refused by the gateway (400, 413), or its answer was unusable for good. */
	REJECTED,

	/** 429: waited out and called again. */
	RATE_LIMITED,

	/** 5xx, a timeout, a reset, a broken answer. */
	TRANSIENT,

	/** The answer's image URL was gone before the download. */
	EXPIRED,

	/** The answer's images could not be stored. */
	STORAGE,

	/** 401, 402, 403: the run stops. */
	FATAL;

	/** The outcome of a call that failed with this kind of failure. */
	static CallOutcome of(ErrorKind kind) {
		return switch (kind) {
			case REJECTED -> REJECTED;
			case RATE_LIMITED -> RATE_LIMITED;
			case TRANSIENT -> TRANSIENT;
			case EXPIRED -> EXPIRED;
			case FATAL -> FATAL;
		};
	}

	/** The outcome of an answered call once its item is settled. */
	static CallOutcome of(ItemOutcome.Settled settled) {
		ErrorType error = settled.error();
		if (settled.status() == ItemStatus.SUCCEEDED || error == null) {
			return SUCCEEDED;
		}
		return switch (error) {
			// INVALID never follows a call; were it to, the request was refused
			case REJECTED, INVALID -> REJECTED;
			case TRANSIENT -> TRANSIENT;
			case EXPIRED -> EXPIRED;
			case STORAGE -> STORAGE;
		};
	}

}
