package io.imagebatch.run;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The retry policy for gateway calls (DESIGN §4). TRANSIENT failures back off
 * exponentially with jitter for as long as the item's retry budget lasts (and at most
 * {@code max-attempts} calls, when set): a time budget rides out a gateway that is down
 * for minutes, which a handful of quick attempts would not, and makes losing an item to
 * independent failures vanishingly rare. 429s wait for the gateway's {@code Retry-After}
 * (capped, and never shorter than the first backoff, so a gateway that says "now" is not
 * hammered) or the backoff, never count as an attempt and never spend the retry budget,
 * but an item fails as TRANSIENT once it has waited {@code max-rate-limit-wait} for them
 * in all: a gateway that answers 429 forever does not hold it forever. Everything else is
 * final at once. Spring's {@code RetryTemplate} cannot express an attempt that does not
 * count or a delay chosen by the failure, hence this class.
 */
final class CallRetries {

	private final RunProperties properties;

	private final Sleeper sleeper;

	private final Ticker ticker;

	CallRetries(RunProperties properties, Sleeper sleeper) {
		this(properties, sleeper, Ticker.SYSTEM);
	}

	CallRetries(RunProperties properties, Sleeper sleeper, Ticker ticker) {
		this.properties = properties;
		this.sleeper = sleeper;
		this.ticker = ticker;
	}

	/**
	 * Runs a call until it succeeds or fails for good.
	 * @param call the call
	 * @param attempts counts the attempts made (read it after a failure too)
	 * @return the call's result
	 * @throws GatewayException the last failure when retrying cannot help, or a TRANSIENT
	 * one with status 429 when rate limits were waited for as long as allowed
	 */
	<T> T call(Supplier<T> call, Attempts attempts) {
		return call(call, attempts, () -> false);
	}

	/**
	 * Runs a call until it succeeds, fails for good, or the run no longer wants it.
	 * @param halted whether the run is stopping (a stop, a fatal answer, the budget):
	 * asked before each retry, so a stop does not wait out the retry budget
	 * @throws Halted when the run stopped while the call was being retried
	 */
	<T> T call(Supplier<T> call, Attempts attempts, BooleanSupplier halted) {
		Retry retry = new Retry();
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
				boolean retryable = ex.kind() == ErrorKind.RATE_LIMITED || ex.kind() == ErrorKind.TRANSIENT;
				if (retryable && halted.getAsBoolean()) {
					throw new Halted(ex);
				}
				if (ex.kind() == ErrorKind.RATE_LIMITED) {
					retry.afterRateLimit(ex, attempts);
				}
				else if (ex.kind() == ErrorKind.TRANSIENT) {
					retry.afterTransientFailure(ex, attempts);
				}
				else {
					throw ex;
				}
			}
		}
	}

	private ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.properties.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(this.properties.maxBackoff().toMillis());
		backOff.setJitter(this.properties.initialBackoff().toMillis() / 2);
		return backOff;
	}

	/** How long a wait reads in a message: {@code 10m}, {@code 1m30s}, {@code 250ms}. */
	static String readable(Duration duration) {
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			return duration.toMillis() + "ms";
		}
		long minutes = duration.toMinutes();
		int seconds = duration.toSecondsPart();
		if (minutes == 0) {
			return duration.toSeconds() + "s";
		}
		return minutes + "m" + ((seconds > 0) ? seconds + "s" : "");
	}

	/** The state of one call's retries: its backoffs, its budget, its waits. */
	private final class Retry {

		private final BackOffExecution transientBackOff = backOff().start();

		private final BackOffExecution rateLimitBackOff = backOff().start();

		/** When the first transient failure came, or -1 before it. */
		private long budgetStartedAt = -1;

		private Duration rateLimitWaited = Duration.ZERO;

		/** The rate-limit waits before the budget started, which it does not count. */
		private Duration rateLimitWaitedBeforeBudget = Duration.ZERO;

		void afterTransientFailure(GatewayException failure, Attempts attempts) {
			long now = CallRetries.this.ticker.nanos();
			if (this.budgetStartedAt < 0) {
				this.budgetStartedAt = now;
				this.rateLimitWaitedBeforeBudget = this.rateLimitWaited;
			}
			Integer limit = CallRetries.this.properties.attemptLimit();
			if (limit != null && attempts.count() >= limit) {
				throw failure;
			}
			Duration wait = Duration.ofMillis(this.transientBackOff.nextBackOff());
			Duration spent = Duration.ofNanos(now - this.budgetStartedAt)
				.minus(this.rateLimitWaited.minus(this.rateLimitWaitedBeforeBudget));
			if (spent.plus(wait).compareTo(CallRetries.this.properties.retryBudget()) > 0) {
				throw failure;
			}
			CallRetries.this.sleeper.sleep(wait);
		}

		void afterRateLimit(GatewayException rateLimited, Attempts attempts) {
			Duration ceiling = CallRetries.this.properties.maxRateLimitWait();
			Duration left = ceiling.minus(this.rateLimitWaited);
			if (left.isZero() || left.isNegative()) {
				throw new GatewayException(ErrorKind.TRANSIENT, rateLimited.status(),
						(rateLimited.code() != null) ? rateLimited.code() : "rate_limited",
						"Rate limited (HTTP 429) for " + readable(this.rateLimitWaited)
								+ " in all, as long as imagebatch.run.max-rate-limit-wait allows; the gateway's last "
								+ "answer: " + rateLimited.getMessage(),
						null, rateLimited.rateLimits(), rateLimited);
			}
			attempts.decrement();
			Duration wait = shortest(rateLimitWait(rateLimited.retryAfter()), left);
			CallRetries.this.sleeper.sleep(wait);
			this.rateLimitWaited = this.rateLimitWaited.plus(wait);
			attempts.rateLimitWaited = attempts.rateLimitWaited.plus(wait);
			attempts.rateLimitWaits++;
		}

		/**
		 * The gateway's wait (already capped by the gateway) but at least the first
		 * backoff, or the backoff when it named none.
		 */
		private Duration rateLimitWait(@Nullable Duration retryAfter) {
			if (retryAfter == null) {
				return Duration.ofMillis(this.rateLimitBackOff.nextBackOff());
			}
			Duration floor = CallRetries.this.properties.initialBackoff();
			return (retryAfter.compareTo(floor) < 0) ? floor : retryAfter;
		}

		private static Duration shortest(Duration a, Duration b) {
			return (a.compareTo(b) <= 0) ? a : b;
		}

	}

	/** The run stopped while a call was waiting to be retried. */
	static final class Halted extends RuntimeException {

		Halted(GatewayException last) {
			super("run stopping; last failure: " + last.getMessage(), last);
		}

	}

	/** Counts attempts across a call's retries. */
	static final class Attempts {

		private int count;

		private Duration rateLimitWaited = Duration.ZERO;

		private int rateLimitWaits;

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

		/** How long the call waited after 429s, in all. */
		Duration rateLimitWaited() {
			return this.rateLimitWaited;
		}

		/** How many times the call waited after a 429. */
		int rateLimitWaits() {
			return this.rateLimitWaits;
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

	/**
	 * Reads the clock the retry budget is measured on, in nanoseconds; a seam so that
	 * tests need not wait.
	 */
	@FunctionalInterface
	interface Ticker {

		/**
		 * A monotonic clock (a budget must not stretch or shrink when the host's clock is
		 * set) that stands still while this thread waits for a gateway's traffic control:
		 * queuing behind other calls for its concurrency, its pacing or a pause is not
		 * the gateway failing, and a slow queue must not use up a budget meant for
		 * failures.
		 */
		Ticker SYSTEM = () -> System.nanoTime() - TrafficControl.nanosWaitedByThisThread();

		long nanos();

	}

}
