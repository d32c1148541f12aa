package io.imagebatch.run;

import java.time.Duration;
import java.util.function.Supplier;

import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.GatewayException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The retry policy for gateway calls (DESIGN §4): TRANSIENT failures back off
 * exponentially with jitter for a limited number of attempts; 429s wait for the gateway's
 * {@code Retry-After} (capped) or the backoff and never count as an attempt; everything
 * else is final at once. Spring's {@code RetryTemplate} cannot express an attempt that
 * does not count or a delay chosen by the failure, hence this class.
 */
final class CallRetries {

	private final RunProperties properties;

	private final Sleeper sleeper;

	CallRetries(RunProperties properties, Sleeper sleeper) {
		this.properties = properties;
		this.sleeper = sleeper;
	}

	/**
	 * Runs a call until it succeeds or fails for good.
	 * @param call the call
	 * @param attempts counts the attempts made (read it after a failure too)
	 * @return the call's result
	 * @throws GatewayException the last failure when retrying cannot help
	 */
	<T> T call(Supplier<T> call, Attempts attempts) {
		BackOffExecution backOff = backOff().start();
		while (true) {
			try {
				attempts.increment();
				return call.get();
			}
			catch (GatewayException ex) {
				if (ex.paid()) {
					// the gateway charged for this call: another would be paid again
					throw ex;
				}
				if (ex.kind() == ErrorKind.RATE_LIMITED) {
					attempts.decrement();
					this.sleeper.sleep(rateLimitWait(ex.retryAfter(), backOff));
				}
				else if (ex.kind() == ErrorKind.TRANSIENT && attempts.count() < this.properties.maxAttempts()) {
					this.sleeper.sleep(Duration.ofMillis(backOff.nextBackOff()));
				}
				else {
					throw ex;
				}
			}
		}
	}

	/**
	 * The gateway's wait (already capped by the gateway), or the backoff when it named
	 * none.
	 */
	private static Duration rateLimitWait(@Nullable Duration retryAfter, BackOffExecution backOff) {
		return (retryAfter != null) ? retryAfter : Duration.ofMillis(backOff.nextBackOff());
	}

	private ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.properties.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(this.properties.maxBackoff().toMillis());
		backOff.setJitter(this.properties.initialBackoff().toMillis() / 2);
		return backOff;
	}

	/** Counts attempts across a call's retries. */
	static final class Attempts {

		private int count;

		Attempts(int alreadyMade) {
			this.count = alreadyMade;
		}

		void increment() {
			this.count++;
		}

		void decrement() {
			this.count--;
		}

		int count() {
			return this.count;
		}

	}

	/** Waits; a seam so that tests need not sleep. */
	@FunctionalInterface
	interface Sleeper {

		Sleeper THREAD = (duration) -> {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GatewayException(ErrorKind.TRANSIENT, 0, "interrupted", "Interrupted while waiting to retry");
			}
		};

		void sleep(Duration duration);

	}

}
