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

	private final RecordingSleeper sleeper = new RecordingSleeper();

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
		return new CallRetries(properties.build(), this.sleeper);
	}

	private static PropertiesBuilder properties() {
		return new PropertiesBuilder();
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

	private static final class RecordingSleeper implements CallRetries.Sleeper {

		private final List<Duration> waits = new ArrayList<>();

		@Override
		public void sleep(Duration duration) {
			this.waits.add(duration);
		}

	}

	/** Answers each attempt with the next scripted outcome. */
	private static final class ScriptedCall implements Supplier<String> {

		private final Deque<Supplier<String>> outcomes = new ArrayDeque<>();

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
			return next.get();
		}

	}

	private static final class PropertiesBuilder {

		private int maxAttempts = 4;

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofSeconds(30);

		PropertiesBuilder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
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
			return new RunProperties(8, this.maxAttempts, this.initialBackoff, this.maxBackoff, 5, 500, 1000);
		}

	}

}
