package io.imagebatch.run;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.GatewayException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CallRetriesTests {

	private final FakeTicker ticker = new FakeTicker();

	private final RecordingSleeper sleeper = new RecordingSleeper(this.ticker);

	private final CallRetries.Attempts attempts = new CallRetries.Attempts(0);

	@Test
	void makesOneAttemptWhenTheCallSucceeds() {
		// given
		CallRetries retries = retries(properties());

		// when
		String result = retries.call(aCall().thenAnswer("ok"), this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.attempts.count()).isOne();
		assertThat(this.sleeper.waits).isEmpty();
	}

	@Test
	void retriesTransientFailuresUntilTheCallSucceeds() {
		// given
		CallRetries retries = retries(properties());

		// when
		String result = retries.call(aCall().thenFail(transientFailure()).thenFail(transientFailure()).thenAnswer("ok"),
				this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.attempts.count()).isEqualTo(3);
		assertThat(this.sleeper.waits).hasSize(2);
	}

	@Test
	void doublesTheWaitAfterEachTransientFailure() {
		// given a millisecond leaves the jitter (half the first wait) no room, so waits
		// are
		// exact
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1)).maxAttempts(4));

		// when
		retries.call(aCall().thenFail(transientFailure())
			.thenFail(transientFailure())
			.thenFail(transientFailure())
			.thenAnswer("ok"), this.attempts);

		// then
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2),
				Duration.ofMillis(4));
	}

	@Test
	void keepsJitteredWaitsBetweenTheFirstWaitAndTheLongest() {
		// given
		CallRetries retries = retries(
				properties().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(3)).maxAttempts(6));

		// when
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(aCall().thenFail(transientFailure(), transientFailure(), transientFailure(),
					transientFailure(), transientFailure(), transientFailure()), this.attempts));

		// then
		assertThat(this.sleeper.waits).hasSize(5)
			.allSatisfy((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3)));
		assertThat(this.sleeper.waits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void rethrowsTheLastTransientFailureOnceTheAttemptsAreUsedUp() {
		// given
		CallRetries retries = retries(properties().maxAttempts(3));
		GatewayException last = transientFailure();

		// when / then
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(
					aCall().thenFail(transientFailure(), transientFailure(), last, transientFailure()), this.attempts))
			.isSameAs(last);
		assertThat(this.attempts.count()).isEqualTo(3);
		assertThat(this.sleeper.waits).hasSize(2);
	}

	@Test
	void countsTheAttemptsAlreadyMadeForTheItem() {
		// given
		CallRetries retries = retries(properties().maxAttempts(3));
		CallRetries.Attempts resumed = new CallRetries.Attempts(2);
		GatewayException failure = transientFailure();

		// when / then
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(aCall().thenFail(failure, transientFailure()), resumed))
			.isSameAs(failure);
		assertThat(resumed.count()).isEqualTo(3);
		assertThat(this.sleeper.waits).isEmpty();
	}

	@Test
	void waitsAsLongAsTheGatewayAsksAfterARateLimitWithoutCountingTheAttempt() {
		// given
		CallRetries retries = retries(properties());

		// when
		String result = retries.call(aCall().thenFail(rateLimited(Duration.ofSeconds(2))).thenAnswer("ok"),
				this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.sleeper.waits).containsExactly(Duration.ofSeconds(2));
		assertThat(this.attempts.count()).isOne();
	}

	@Test
	void keepsRetryingRateLimitsBeyondTheMaximumAttempts() {
		// given
		CallRetries retries = retries(properties().maxAttempts(2));

		// when
		String result = retries.call(
				aCall()
					.thenFail(rateLimited(Duration.ofSeconds(1)), rateLimited(Duration.ofSeconds(1)),
							rateLimited(Duration.ofSeconds(1)), transientFailure())
					.thenAnswer("ok"),
				this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.attempts.count()).isEqualTo(2);
		assertThat(this.attempts.rateLimitWaits()).isEqualTo(3);
		assertThat(this.attempts.rateLimitWaited()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void backsOffAfterARateLimitThatSaysNotHowLongToWait() {
		// given
		CallRetries retries = retries(properties().initialBackoff(Duration.ofSeconds(1)));

		// when
		retries.call(aCall().thenFail(rateLimited(null)).thenAnswer("ok"), this.attempts);

		// then
		assertThat(this.sleeper.waits).singleElement()
			.satisfies((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1500)));
		assertThat(this.attempts.count()).isOne();
	}

	@Test
	void retriesTransientFailuresFarBeyondFourAttemptsWhileTheBudgetLasts() {
		// given: the defaults but quick backoffs, and a gateway failing ten times in a
		// row
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1)));
		ScriptedCall call = aCall();
		for (int i = 0; i < 10; i++) {
			call.thenFail(transientFailure());
		}

		// when
		String result = retries.call(call.thenAnswer("ok"), this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.attempts.count()).isEqualTo(11);
	}

	@Test
	void givesUpOnTransientFailuresWhenTheNextWaitWouldOverrunTheRetryBudget() {
		// given: waits of 1, 2, 4, 8, 8 ms (no room for jitter) fit 30 ms; the next would
		// not
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1))
			.maxBackoff(Duration.ofMillis(8))
			.retryBudget(Duration.ofMillis(30)));
		GatewayException last = transientFailure();
		ScriptedCall call = aCall();
		for (int i = 0; i < 5; i++) {
			call.thenFail(transientFailure());
		}

		// when / then
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(call.thenFail(last).thenAnswer("too late"), this.attempts))
			.isSameAs(last);
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4),
				Duration.ofMillis(8), Duration.ofMillis(8));
		assertThat(this.attempts.count()).isEqualTo(6);
	}

	@Test
	void countsTheTimeTheFailedCallsTookAgainstTheBudget() {
		// given: every call takes 10 ms; the budget starts at the first failure
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1))
			.maxBackoff(Duration.ofMillis(8))
			.retryBudget(Duration.ofMillis(30)));
		ScriptedCall call = aCall().taking(Duration.ofMillis(10), this.ticker);
		for (int i = 0; i < 10; i++) {
			call.thenFail(transientFailure());
		}

		// when / then: spent 0+1, 11+2, 23+4 fit; 37+8 does not
		assertThatExceptionOfType(GatewayException.class).isThrownBy(() -> retries.call(call, this.attempts));
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2),
				Duration.ofMillis(4));
		assertThat(this.attempts.count()).isEqualTo(4);
	}

	@Test
	void makesNoRetryWithoutABudget() {
		// given
		CallRetries retries = retries(properties().retryBudget(Duration.ZERO));

		// when / then
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(aCall().thenFail(transientFailure()).thenAnswer("ok"), this.attempts));
		assertThat(this.attempts.count()).isOne();
		assertThat(this.sleeper.waits).isEmpty();
	}

	@Test
	void waitsForRateLimitsDoNotSpendTheRetryBudget() {
		// given: a 30 ms budget, and three one-minute rate limits between two failures
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1))
			.maxBackoff(Duration.ofMillis(8))
			.retryBudget(Duration.ofMillis(30)));

		// when
		String result = retries.call(aCall().thenFail(transientFailure())
			.thenFail(rateLimited(Duration.ofMinutes(1)), rateLimited(Duration.ofMinutes(1)),
					rateLimited(Duration.ofMinutes(1)))
			.thenFail(transientFailure())
			.thenAnswer("ok"), this.attempts);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.attempts.count()).isEqualTo(3);
	}

	@Test
	void failsAnItemRateLimitedForeverAsTransientOnceItHasWaitedTheLongestAllowed() {
		// given: a gateway that asks for seven minutes every time, and a ten-minute
		// ceiling
		CallRetries retries = retries(properties().maxRateLimitWait(Duration.ofMinutes(10)));
		ScriptedCall call = aCall();
		for (int i = 0; i < 100; i++) {
			call.thenFail(rateLimited(Duration.ofMinutes(7)));
		}

		// when / then
		assertThatExceptionOfType(GatewayException.class).isThrownBy(() -> retries.call(call, this.attempts))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
				assertThat(failure.status()).isEqualTo(429);
				assertThat(failure.code()).isEqualTo("rate_limit_exceeded");
				assertThat(failure.getMessage()).startsWith("Rate limited (HTTP 429) for 10m in all")
					.endsWith("Too Many Requests");
			});
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMinutes(7), Duration.ofMinutes(3));
		assertThat(this.attempts.count()).isOne();
	}

	@Test
	void givesUpOnRateLimitsThatNameNoWaitOnceTheBackoffsAddUpToTheCeiling() {
		// given
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(1))
			.maxBackoff(Duration.ofMillis(8))
			.maxRateLimitWait(Duration.ofMillis(20)));
		ScriptedCall call = aCall();
		for (int i = 0; i < 100; i++) {
			call.thenFail(rateLimited(null));
		}

		// when / then: 1 + 2 + 4 + 8, then the 5 ms left
		assertThatExceptionOfType(GatewayException.class).isThrownBy(() -> retries.call(call, this.attempts))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT));
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4),
				Duration.ofMillis(8), Duration.ofMillis(5));
	}

	@Test
	void waitsAtLeastTheFirstBackoffWhenTheGatewaySaysToRetryAtOnce() {
		// given
		CallRetries retries = retries(properties().initialBackoff(Duration.ofMillis(200)));

		// when
		retries.call(aCall().thenFail(rateLimited(Duration.ZERO)).thenAnswer("ok"), this.attempts);

		// then
		assertThat(this.sleeper.waits).containsExactly(Duration.ofMillis(200));
	}

	@Test
	void readsWaitsTheWayPeopleWriteThem() {
		// when / then
		assertThat(CallRetries.readable(Duration.ofMinutes(10))).isEqualTo("10m");
		assertThat(CallRetries.readable(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(CallRetries.readable(Duration.ofSeconds(45))).isEqualTo("45s");
		assertThat(CallRetries.readable(Duration.ofMillis(250))).isEqualTo("250ms");
	}

	@ParameterizedTest
	@EnumSource(value = ErrorKind.class, names = { "REJECTED", "FATAL", "EXPIRED" })
	void givesUpAtOnceWithoutWaitingOnAFailureThatRetryingCannotHelp(ErrorKind kind) {
		// given
		CallRetries retries = retries(properties());
		GatewayException failure = new GatewayException(kind, 400, "bad", "no");

		// when / then
		assertThatExceptionOfType(GatewayException.class)
			.isThrownBy(() -> retries.call(aCall().thenFail(failure).thenAnswer("ok"), this.attempts))
			.isSameAs(failure);
		assertThat(this.attempts.count()).isOne();
		assertThat(this.sleeper.waits).isEmpty();
	}

	private CallRetries retries(PropertiesBuilder properties) {
		return new CallRetries(properties.build(), this.sleeper, this.ticker);
	}

	private static PropertiesBuilder properties() {
		return new PropertiesBuilder();
	}

	@Test
	void givesUpRetryingWithoutWaitingOnceTheRunIsStopping() {
		// given: a run that is stopping by the time the first call fails
		CallRetries retries = retries(properties());

		// when / then
		assertThatExceptionOfType(CallRetries.Halted.class)
			.isThrownBy(() -> retries.call(aCall().thenFail(transientFailure()).thenAnswer("too late"), this.attempts,
					() -> true))
			.withCauseInstanceOf(GatewayException.class);
		assertThat(this.attempts.count()).isOne();
		assertThat(this.sleeper.waits).isEmpty();
	}

	@Test
	void keepsRetryingWhileTheRunGoesOn() {
		// given
		CallRetries retries = retries(properties());

		// when
		String result = retries.call(aCall().thenFail(transientFailure()).thenAnswer("ok"), this.attempts, () -> false);

		// then
		assertThat(result).isEqualTo("ok");
		assertThat(this.sleeper.waits).hasSize(1);
	}

	private static ScriptedCall aCall() {
		return new ScriptedCall();
	}

	private static GatewayException transientFailure() {
		return new GatewayException(ErrorKind.TRANSIENT, 503, null, "Service Unavailable");
	}

	private static GatewayException rateLimited(@Nullable Duration retryAfter) {
		return new GatewayException(ErrorKind.RATE_LIMITED, 429, "rate_limit_exceeded", "Too Many Requests", retryAfter,
				null);
	}

	/** A monotonic clock that moves only when told. */
	private static final class FakeTicker implements CallRetries.Ticker {

		private long nanos = 1_000_000_000L;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long nanos() {
			return this.nanos;
		}

	}

	/** Sleeps by moving the clock on, and remembers each wait. */
	private static final class RecordingSleeper implements CallRetries.Sleeper {

		private final FakeTicker ticker;

		private final List<Duration> waits = new ArrayList<>();

		RecordingSleeper(FakeTicker ticker) {
			this.ticker = ticker;
		}

		@Override
		public void sleep(Duration duration) {
			this.waits.add(duration);
			this.ticker.advance(duration);
		}

	}

	/** Answers each attempt with the next scripted outcome. */
	private static final class ScriptedCall implements Supplier<String> {

		private final Deque<Supplier<String>> outcomes = new ArrayDeque<>();

		private Duration duration = Duration.ZERO;

		private @Nullable FakeTicker ticker;

		/** Each attempt moves the clock on by {@code duration}. */
		ScriptedCall taking(Duration duration, FakeTicker ticker) {
			this.duration = duration;
			this.ticker = ticker;
			return this;
		}

		ScriptedCall thenFail(GatewayException... failures) {
			Arrays.stream(failures).forEach((failure) -> this.outcomes.add(() -> {
				throw failure;
			}));
			return this;
		}

		ScriptedCall thenAnswer(String answer) {
			this.outcomes.add(() -> answer);
			return this;
		}

		@Override
		public String get() {
			Supplier<String> next = this.outcomes.poll();
			if (next == null) {
				throw new AssertionError("called more often than scripted");
			}
			if (this.ticker != null) {
				this.ticker.advance(this.duration);
			}
			return next.get();
		}

	}

	/** The defaults of {@link RunProperties}, changed one by one. */
	private static final class PropertiesBuilder {

		private @Nullable Integer maxAttempts;

		private Duration retryBudget = Duration.ofMinutes(5);

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private Duration maxRateLimitWait = Duration.ofMinutes(10);

		PropertiesBuilder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		PropertiesBuilder retryBudget(Duration retryBudget) {
			this.retryBudget = retryBudget;
			return this;
		}

		PropertiesBuilder maxRateLimitWait(Duration maxRateLimitWait) {
			this.maxRateLimitWait = maxRateLimitWait;
			return this;
		}

		PropertiesBuilder initialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
			return this;
		}

		PropertiesBuilder maxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
			return this;
		}

		RunProperties build() {
			return new RunProperties(8, this.maxAttempts, this.retryBudget, this.initialBackoff, this.maxBackoff,
					this.maxRateLimitWait, 5, 500, 1000);
		}

	}

}
