package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

/**
 * The one place that decides what an HTTP answer means for the error policy.
 */
final class GatewayErrors {

	private GatewayErrors() {
	}

	static ErrorKind classify(int status, @Nullable String code) {
		if (status == 429) {
			// OpenAI answers an exhausted balance with 429; waiting will not fix it
			return "insufficient_quota".equals(code) ? ErrorKind.FATAL : ErrorKind.RATE_LIMITED;
		}
		if (status == 401 || status == 402 || status == 403) {
			return ErrorKind.FATAL;
		}
		if (status == 408 || status >= 500) {
			return ErrorKind.TRANSIENT;
		}
		return ErrorKind.REJECTED;
	}

}
