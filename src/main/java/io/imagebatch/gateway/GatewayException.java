package io.imagebatch.gateway;

import java.time.Duration;

import io.imagebatch.ratelimit.RateLimitHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A call that did not produce images, classified for the error policy. The message is the
 * gateway's own (never a request header or key).
 */
public class GatewayException extends RuntimeException {

	private final ErrorKind kind;

	private final int status;

	private final @Nullable String code;

	private final @Nullable Duration retryAfter;

	private final RateLimitHeaders rateLimits;

	private final boolean paid;

	public GatewayException(ErrorKind kind, int status, @Nullable String code, String message,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		this(kind, status, code, message, retryAfter, RateLimitHeaders.NONE, cause);
	}

	public GatewayException(ErrorKind kind, int status, @Nullable String code, String message,
			@Nullable Duration retryAfter, RateLimitHeaders rateLimits, @Nullable Throwable cause) {
		this(kind, status, code, message, retryAfter, rateLimits, false, cause);
	}

	private GatewayException(ErrorKind kind, int status, @Nullable String code, String message,
			@Nullable Duration retryAfter, RateLimitHeaders rateLimits, boolean paid, @Nullable Throwable cause) {
		super(message, cause);
		this.paid = paid;
		this.kind = kind;
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
		this.rateLimits = rateLimits;
	}

	public GatewayException(ErrorKind kind, int status, @Nullable String code, String message) {
		this(kind, status, code, message, null, null);
	}

	public ErrorKind kind() {
		return this.kind;
	}

	/** The HTTP status, or 0 when no response arrived. */
	public int status() {
		return this.status;
	}

	/** The gateway's {@code error.code} or, failing that, {@code error.type}. */
	public @Nullable String code() {
		return this.code;
	}

	/** How long the gateway asked us to wait, when it said. */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/** What the gateway said about its limits along with the error. */
	public RateLimitHeaders rateLimits() {
		return this.rateLimits;
	}

	/**
	 * Whether the gateway accepted the call (it answered with success, so it charged for
	 * it) and only its answer was unusable: too large, never finished, not JSON. Such a
	 * call is recorded in the cost ledger and never made again for the item.
	 */
	public boolean paid() {
		return this.paid;
	}

	/** The same failure of a call the gateway accepted and charged for. */
	GatewayException asPaid() {
		return new GatewayException(this.kind, this.status, this.code, getMessage(), this.retryAfter, this.rateLimits,
				true, getCause());
	}

	/**
	 * The same failure with the wait capped, so nobody downstream waits absurdly long.
	 */
	GatewayException withRetryAfterAtMost(Duration max) {
		if (this.retryAfter == null || this.retryAfter.compareTo(max) <= 0) {
			return this;
		}
		return new GatewayException(this.kind, this.status, this.code, getMessage(), max, this.rateLimits, this.paid,
				this);
	}

}
