package io.imagebatch.simulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenBucketTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	@Test
	void startsFullWithAMinuteOfTokens() {
		// when
		TokenBucket bucket = new TokenBucket(60, 60, NOW);

		// then
		assertThat(bucket.remaining(NOW)).isEqualTo(60);
		assertThat(bucket.untilFull(NOW)).isZero();
		assertThat(bucket.waitFor(60, NOW)).isZero();
	}

	@Test
	void emptyBucketWaitsExactlyOneRefillIntervalPerMissingToken() {
		// given
		TokenBucket bucket = new TokenBucket(3, 3, NOW);
		bucket.take(3, NOW);

		// when
		Duration oneToken = bucket.waitFor(1, NOW);
		Duration twoTokens = bucket.waitFor(2, NOW);

		// then
		assertThat(oneToken).isEqualTo(Duration.ofSeconds(20));
		assertThat(twoTokens).isEqualTo(Duration.ofSeconds(40));
		assertThat(bucket.untilFull(NOW)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void refillsContinuouslyButNeverBeyondItsCapacity() {
		// given
		TokenBucket bucket = new TokenBucket(60, 10, NOW);
		bucket.take(10, NOW);

		// when
		long afterHalfASecond = bucket.remaining(NOW.plusMillis(500));
		long afterFourSeconds = bucket.remaining(NOW.plusSeconds(4));
		long afterAnHour = bucket.remaining(NOW.plusSeconds(3600));

		// then
		assertThat(afterHalfASecond).isZero();
		assertThat(afterFourSeconds).isEqualTo(4);
		assertThat(afterAnHour).isEqualTo(10);
	}

	@Test
	void reshapingToALowerCapacityKeepsNoMoreThanTheNewCapacity() {
		// given
		TokenBucket bucket = new TokenBucket(60, 60, NOW);

		// when
		TokenBucket lowered = bucket.reshaped(1, 1, NOW);

		// then
		assertThat(lowered.remaining(NOW)).isEqualTo(1);
		assertThat(lowered.perMinute()).isEqualTo(1);
	}

	@Test
	void refusesToTakeMoreThanItHolds() {
		// given
		TokenBucket bucket = new TokenBucket(2, 2, NOW);

		// then
		assertThatIllegalStateException().isThrownBy(() -> bucket.take(3, NOW));
		assertThat(bucket.holds(3)).isFalse();
	}

	@Test
	void formatsResetsTheWayOpenAiDoes() {
		assertThat(TokenBucket.resetFormat(Duration.ZERO)).isEqualTo("0s");
		assertThat(TokenBucket.resetFormat(Duration.ofMillis(20))).isEqualTo("20ms");
		assertThat(TokenBucket.resetFormat(Duration.ofNanos(19_000_001))).isEqualTo("20ms");
		assertThat(TokenBucket.resetFormat(Duration.ofSeconds(1))).isEqualTo("1s");
		assertThat(TokenBucket.resetFormat(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(TokenBucket.resetFormat(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(TokenBucket.resetFormat(Duration.ofMinutes(6))).isEqualTo("6m0s");
		assertThat(TokenBucket.resetFormat(Duration.ofHours(1))).isEqualTo("1h0m0s");
	}

}
