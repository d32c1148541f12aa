package io.imagebatch.gateway;

/**
 * How a failed call is to be treated (DESIGN §4).
 */
public enum ErrorKind {

	/** The gateway refused the request (400, 413): no retry; fix the row and resubmit. */
	REJECTED,

	/** 429: wait and retry; never counts as a failed attempt. */
	RATE_LIMITED,

	/** 5xx, timeouts, resets: retry with backoff, then fail the item. */
	TRANSIENT,

	/** The image URL was gone before it could be downloaded. */
	EXPIRED,

	/** 401, 402, 403: no call can succeed; stop the run. */
	FATAL

}
