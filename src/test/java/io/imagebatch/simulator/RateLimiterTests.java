package io.imagebatch.simulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static final String KEY = "sk-test";

	private final RateLimiter limiter = new RateLimiter();

	@Test
	void startsFullWithAMinuteOfTokens() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withRequestsPerMinute(60);

		// when
		RateLimiter.Decision first = this.limiter.acquire(KEY, 1, settings, NOW);

		// then
		assertThat(first.allowed()).isTrue();
		assertThat(first.requests()).isEqualTo(new RateLimiter.BucketState(60, 59, Duration.ofSeconds(1)));
		assertThat(first.images()).isNull();
	}

	@Test
	void emptyBucketWaitsExactlyOneRefillIntervalPerMissingToken() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withImagesPerMinute(3);
		this.limiter.acquire(KEY, 3, settings, NOW);

		// when
		RateLimiter.Decision oneImage = this.limiter.acquire(KEY, 1, settings, NOW);
		RateLimiter.Decision twoImages = this.limiter.acquire(KEY, 2, settings, NOW);

		// then
		assertThat(oneImage.allowed()).isFalse();
		assertThat(oneImage.retryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(twoImages.retryAfter()).isEqualTo(Duration.ofSeconds(40));
		assertThat(twoImages.images()).isEqualTo(new RateLimiter.BucketState(3, 0, Duration.ofMinutes(1)));
	}

	@Test
	void refillsContinuouslyButNeverBeyondItsCapacity() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withImagesPerMinute(60).withRateLimitBurst(10);
		this.limiter.acquire(KEY, 10, settings, NOW);

		// when
		RateLimiter.Decision afterHalfASecond = this.limiter.acquire(KEY, 1, settings, NOW.plusMillis(500));
		RateLimiter.Decision afterFourSeconds = this.limiter.acquire(KEY, 4, settings, NOW.plusSeconds(4));
		RateLimiter.Decision afterAnHour = this.limiter.acquire(KEY, 0, settings, NOW.plusSeconds(3604));

		// then
		assertThat(afterHalfASecond.retryAfter()).isEqualTo(Duration.ofMillis(500));
		assertThat(afterFourSeconds.allowed()).isTrue();
		assertThat(afterFourSeconds.images().remaining()).isZero();
		assertThat(afterAnHour.images()).isEqualTo(new RateLimiter.BucketState(60, 10, Duration.ZERO));
	}

	@Test
	void loweringTheLimitKeepsNoMoreThanTheNewBurst() {
		// given
		this.limiter.acquire(KEY, 0, SimulatorProperties.defaults().withRequestsPerMinute(60), NOW);

		// when
		RateLimiter.Decision lowered = this.limiter.acquire(KEY, 0,
				SimulatorProperties.defaults().withRequestsPerMinute(1), NOW);
		RateLimiter.Decision next = this.limiter.acquire(KEY, 0,
				SimulatorProperties.defaults().withRequestsPerMinute(1), NOW);

		// then
		assertThat(lowered.allowed()).isTrue();
		assertThat(lowered.requests()).isEqualTo(new RateLimiter.BucketState(1, 0, Duration.ofMinutes(1)));
		assertThat(next.allowed()).isFalse();
	}

	@Test
	void neverGrantsMoreImagesThanTheBucketHolds() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withImagesPerMinute(2);

		// when
		RateLimiter.Decision decision = this.limiter.acquire(KEY, 3, settings, NOW);

		// then
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.retryAfter()).isNull();
		assertThat(decision.images().remaining()).isEqualTo(2);
	}

	@Test
	void takesBothBucketsOrNeither() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withRequestsPerMinute(10).withImagesPerMinute(2);

		// when
		RateLimiter.Decision refused = this.limiter.acquire(KEY, 3, settings, NOW);

		// then
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.requests().remaining()).isEqualTo(10);
	}

	@Test
	void aClockThatStepsBackRefillsNothing() {
		// given
		SimulatorProperties settings = SimulatorProperties.defaults().withRequestsPerMinute(60);
		this.limiter.acquire(KEY, 0, settings, NOW);

		// when
		RateLimiter.Decision earlier = this.limiter.acquire(KEY, 0, settings, NOW.minusSeconds(30));

		// then
		assertThat(earlier.allowed()).isTrue();
		assertThat(earlier.requests().remaining()).isEqualTo(58);
	}

	@Test
	void formatsResetsTheWayOpenAiDoes() {
		assertThat(RateLimiter.resetFormat(Duration.ZERO)).isEqualTo("0s");
		assertThat(RateLimiter.resetFormat(Duration.ofMillis(20))).isEqualTo("20ms");
		assertThat(RateLimiter.resetFormat(Duration.ofNanos(19_000_001))).isEqualTo("20ms");
		assertThat(RateLimiter.resetFormat(Duration.ofSeconds(1))).isEqualTo("1s");
		assertThat(RateLimiter.resetFormat(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(RateLimiter.resetFormat(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(RateLimiter.resetFormat(Duration.ofMinutes(6))).isEqualTo("6m0s");
		assertThat(RateLimiter.resetFormat(Duration.ofHours(1))).isEqualTo("1h0m0s");
	}

}
