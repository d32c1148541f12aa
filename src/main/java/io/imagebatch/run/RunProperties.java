package io.imagebatch.run;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * How runs execute.
 *
 * @param concurrency calls in flight per run unless {@code --concurrency} says otherwise;
 * unset, the gateway's {@code max-concurrency}, so that no default caps a gateway
 * configured for more
 * @param attemptLimit {@code max-attempts}: calls per item at most for transient failures
 * (429s do not count), however much of the retry budget is left; unset, only the budget
 * limits them
 * @param retryBudget how long an item's transient failures are retried, from its first
 * one, the calls and the backoff between them included and waits for rate limits not
 * @param initialBackoff the first wait after a transient failure
 * @param maxBackoff the longest wait between attempts
 * @param maxRateLimitWait how long one item may wait for rate limits (429s) in all before
 * it fails as TRANSIENT
 * @param storageAttempts puts per image while S3 is unavailable
 * @param loadChunkSize rows written per load transaction
 * @param manifestPageSize items read per query while writing a run's manifest
 */
@ConfigurationProperties("imagebatch.run")
public record RunProperties(@Nullable Integer concurrency, @Name("max-attempts") @Nullable Integer attemptLimit,
		@DefaultValue("5m") Duration retryBudget, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("10m") Duration maxRateLimitWait,
		@DefaultValue("5") int storageAttempts, @DefaultValue("500") int loadChunkSize,
		@DefaultValue("1000") int manifestPageSize) {

	/** What {@link #maxAttempts()} gives when {@code max-attempts} is not set. */
	static final int DEFAULT_DOWNLOAD_ATTEMPTS = 4;

	private static final String PREFIX = "imagebatch.run.";

	public RunProperties {
		if (manifestPageSize < 1) {
			throw new IllegalArgumentException(
					PREFIX + "manifest-page-size must be at least 1, got " + manifestPageSize);
		}
		if (attemptLimit != null && attemptLimit < 1) {
			throw new IllegalArgumentException(PREFIX + "max-attempts must be at least 1 when set, got " + attemptLimit
					+ "; leave it unset to let retry-budget alone limit retries");
		}
		if (retryBudget.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "retry-budget must not be negative, got " + retryBudget);
		}
		if (initialBackoff.isNegative() || initialBackoff.isZero()) {
			throw new IllegalArgumentException(PREFIX + "initial-backoff must be positive, got " + initialBackoff);
		}
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(PREFIX + "max-backoff (" + maxBackoff
					+ ") must not be shorter than initial-backoff (" + initialBackoff + ")");
		}
		if (maxRateLimitWait.isNegative()) {
			throw new IllegalArgumentException(
					PREFIX + "max-rate-limit-wait must not be negative, got " + maxRateLimitWait);
		}
	}

	/**
	 * Attempts of one image download, retried at once since its URL expires:
	 * {@code max-attempts} when set, else {@value #DEFAULT_DOWNLOAD_ATTEMPTS}, the number
	 * {@code max-attempts} stood for before the retry budget replaced it for calls.
	 * @return at least 1
	 */
	public int maxAttempts() {
		return (this.attemptLimit != null) ? this.attemptLimit : DEFAULT_DOWNLOAD_ATTEMPTS;
	}

}
