package io.imagebatch.ratelimit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficControlTests {

	@Test
	void neverHasMoreCallsInFlightThanAllowed() throws Exception {
		// given
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 2, Duration.ofSeconds(5), 0);
		TrafficControl.Permit first = traffic.acquire("dall-e-2", 1);
		TrafficControl.Permit second = traffic.acquire("dall-e-2", 1);

		// when
		CompletableFuture<TrafficControl.Permit> third = CompletableFuture.supplyAsync(() -> acquire(traffic));

		// then: the third waits until one of the first two is closed
		assertThat(third).isNotCompleted();
		first.close();
		assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
		second.close();
	}

	@Test
	void countsItsCallsInFlightAndWhatTheGatewayLastSaidItHadLeft() throws Exception {
		// given
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 4, Duration.ofSeconds(5), 0);
		assertThat(traffic.remainingRequests()).as("before the gateway says").isEqualTo(-1);

		// when
		TrafficControl.Permit first = traffic.acquire("dall-e-2", 1);
		TrafficControl.Permit second = traffic.acquire("dall-e-2", 1);
		traffic.observe(new RateLimitHeaders(new RateLimitHeaders.Window(90L, 41L, null), RateLimitHeaders.Window.NONE),
				first);
		first.close();
		traffic.observe(RateLimitHeaders.NONE, second);

		// then
		assertThat(traffic.callsInFlight()).isEqualTo(1);
		assertThat(traffic.remainingRequests()).as("an answer without the header changes nothing").isEqualTo(41);
		second.close();
		assertThat(traffic.callsInFlight()).isZero();
	}

	@Test
	void countsTimeHeldBackByAPauseButNotByTheConcurrencyCap() throws Exception {
		// given: one call at a time, taken by this thread for 200 ms
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 1, Duration.ofSeconds(5), 0);
		TrafficControl.Permit held = traffic.acquire("dall-e-2", 1);
		CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> acquire(traffic).close());
		Thread.sleep(200);
		held.close();
		queued.get(5, TimeUnit.SECONDS);
		assertThat(traffic.rateLimitWaited()).isLessThan(Duration.ofMillis(100));

		// when: a 429 pauses everyone for 300 ms
		traffic.rateLimited(Duration.ofMillis(300), RateLimitHeaders.NONE);
		traffic.acquire("dall-e-2", 1).close();

		// then
		assertThat(traffic.rateLimitWaited()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
	}

	@Test
	void tellsEachThreadWhichOfItsCallsTheLimitsHeldBackButNotTheConcurrencyCap() throws Exception {
		// given: one call at a time, taken by this thread while another queues for it
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 1, Duration.ofSeconds(5), 0);
		TrafficControl.Permit held = traffic.acquire("dall-e-2", 1);
		CompletableFuture<TrafficControl.HeldBack> queued = CompletableFuture.supplyAsync(() -> {
			TrafficControl.HeldBack before = TrafficControl.heldBackOnThisThread();
			acquire(traffic).close();
			return TrafficControl.heldBackOnThisThread().since(before);
		});
		Thread.sleep(100);
		held.close();
		assertThat(queued.get(5, TimeUnit.SECONDS).calls()).as("queued for the slot only").isZero();

		// when: a 429 pauses everyone for 300 ms
		traffic.rateLimited(Duration.ofMillis(300), RateLimitHeaders.NONE);
		TrafficControl.HeldBack before = TrafficControl.heldBackOnThisThread();
		traffic.acquire("dall-e-2", 1).close();
		traffic.acquire("dall-e-2", 1).close();
		TrafficControl.HeldBack paused = TrafficControl.heldBackOnThisThread().since(before);

		// then: the first call waited out the pause, the second went at once
		assertThat(paused.calls()).isEqualTo(1);
		assertThat(paused.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void tellsEachThreadHowLongItWaitedToBeAllowedACall() throws Exception {
		// given: one call at a time, taken by this thread for 200 ms
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 1, Duration.ofSeconds(5), 0);
		long before = TrafficControl.nanosWaitedByThisThread();
		TrafficControl.Permit held = traffic.acquire("dall-e-2", 1);
		long heldWaited = TrafficControl.nanosWaitedByThisThread() - before;

		// when
		CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
			long waitedBefore = TrafficControl.nanosWaitedByThisThread();
			acquire(traffic).close();
			return TrafficControl.nanosWaitedByThisThread() - waitedBefore;
		});
		Thread.sleep(200);
		held.close();

		// then
		assertThat(Duration.ofNanos(waited.get(5, TimeUnit.SECONDS))).isGreaterThanOrEqualTo(Duration.ofMillis(150));
		assertThat(Duration.ofNanos(heldWaited)).isLessThan(Duration.ofMillis(100));
	}

	@Test
	void aRateLimitAnswerSlowsTheConfiguredRateAndPausesEveryone() throws Exception {
		// given
		TrafficControl traffic = new TrafficControl(new TrafficControl.Limits(600, null), Map.of(), 4,
				Duration.ofMillis(200), 0);

		// when: a 429 asks for ten minutes, more than the 200 ms cap
		traffic.rateLimited(Duration.ofMinutes(10), RateLimitHeaders.NONE);
		long started = System.nanoTime();
		traffic.acquire("dall-e-3", 1).close();
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		// then
		assertThat(traffic.rateLimitedCount()).isEqualTo(1);
		assertThat(traffic.requestsPerMinute()).isEqualTo(480.0);
		assertThat(waitedMillis).isGreaterThanOrEqualTo(150);
	}

	@Test
	void learnsALimitTheGatewayAnnouncesWhenNoneIsConfigured() {
		// given
		TrafficControl traffic = new TrafficControl(TrafficControl.Limits.NONE, Map.of(), 4, Duration.ofSeconds(1), 0);

		// when
		traffic.observe(new RateLimitHeaders(new RateLimitHeaders.Window(90L, 89L, Duration.ofSeconds(1)),
				RateLimitHeaders.Window.NONE));

		// then
		assertThat(traffic.requestsPerMinute()).isEqualTo(90.0);
	}

	@Test
	void neverGoesAboveALowerLimitTheGatewayAnnounces() {
		// given
		TrafficControl traffic = new TrafficControl(new TrafficControl.Limits(120, null), Map.of(), 4,
				Duration.ofSeconds(1), 0);

		// when
		traffic
			.observe(new RateLimitHeaders(new RateLimitHeaders.Window(60L, 10L, null), RateLimitHeaders.Window.NONE));

		// then
		assertThat(traffic.requestsPerMinute()).isEqualTo(60.0);
	}

	@Test
	void keepsTheHeadroomBelowTheLimit() {
		// given
		TrafficControl traffic = new TrafficControl(new TrafficControl.Limits(100, null), Map.of(), 4,
				Duration.ofSeconds(1), 0.02);

		// then
		assertThat(traffic.requestsPerMinute()).isEqualTo(98.0);
	}

	@Test
	void spendsWhatTheGatewaySaysItHasLeftAtOnceLessTheCallsItHasNotCountedYet() throws Exception {
		// given: 60 a minute, a clock that stands still, one call answered and two
		// more started after it
		AtomicLong now = new AtomicLong();
		TrafficControl traffic = aPacedGateway(now);
		TrafficControl.Permit answered = traffic.acquire("dall-e-2", 1);
		traffic.acquire("dall-e-2", 1).close();
		traffic.acquire("dall-e-2", 1).close();

		// when: its answer says 59 are left of a rested key's minute
		traffic.observe(requestsLeft(59), answered);
		answered.close();

		// then: 57 more may start at once, where pacing alone allows none yet
		assertThat(traffic.requestsAvailable()).isEqualTo(57);
		for (int i = 0; i < 57; i++) {
			traffic.acquire("dall-e-2", 1).close();
		}
		assertThat(traffic.requestsAvailable()).isZero();
	}

	@Test
	void pacesAtTheConfiguredRateOnceTheGatewaysAllowanceIsSpent() throws Exception {
		// given
		AtomicLong now = new AtomicLong();
		TrafficControl traffic = aPacedGateway(now);
		TrafficControl.Permit answered = traffic.acquire("dall-e-2", 1);
		traffic.observe(requestsLeft(3), answered);
		answered.close();
		for (int i = 0; i < 3; i++) {
			traffic.acquire("dall-e-2", 1).close();
		}

		// when
		now.addAndGet(Duration.ofMillis(500).toNanos());
		long afterHalfASecond = traffic.requestsAvailable();
		now.addAndGet(Duration.ofMillis(600).toNanos());

		// then: one a second or so, from nothing
		assertThat(afterHalfASecond).isZero();
		assertThat(traffic.requestsAvailable()).isEqualTo(1);
	}

	@Test
	void spendsNothingTheGatewaySaysItHasNotGotThoughTheLocalBucketHasTokens() throws Exception {
		// given: the local bucket starts with tokens, but another client of the key
		// used the gateway's
		AtomicLong now = new AtomicLong();
		TrafficControl traffic = aPacedGateway(now);
		TrafficControl.Permit answered = traffic.acquire("dall-e-2", 1);

		// when
		traffic.observe(requestsLeft(0), answered);
		answered.close();

		// then: nothing may start, and no pause of a whole window was taken
		assertThat(traffic.requestsAvailable()).isZero();
		now.addAndGet(Duration.ofMillis(1100).toNanos());
		assertThat(traffic.requestsAvailable()).isEqualTo(1);
	}

	@Test
	void keepsPacingWithItsHeadroomWhenTheGatewayHasNoMoreThanABurstLeft() throws Exception {
		// given: the local bucket spent
		AtomicLong now = new AtomicLong();
		TrafficControl traffic = aPacedGateway(now);
		TrafficControl.Permit answered = traffic.acquire("dall-e-2", 1);
		for (int i = 0; i < 4; i++) {
			traffic.acquire("dall-e-2", 1).close();
		}

		// when: the gateway has a few left, no more than a burst of ours
		traffic.observe(requestsLeft(8), answered);
		answered.close();

		// then: they are left to the gateway's refill, not chased
		assertThat(traffic.requestsAvailable()).isZero();
	}

	@Test
	void pacesFromTheStartWhenTheGatewaySaysNothing() throws Exception {
		// given
		AtomicLong now = new AtomicLong();
		TrafficControl traffic = aPacedGateway(now);
		TrafficControl.Permit answered = traffic.acquire("dall-e-2", 1);

		// when
		traffic.observe(RateLimitHeaders.NONE, answered);
		answered.close();

		// then: half of a burst of ten, less the call made
		assertThat(traffic.requestsAvailable()).isEqualTo(4);
	}

	@Test
	void neverLosesAnAnsweredCallToABucketStoreThatFails() throws Exception {
		// given: buckets shared through a database that goes away while a call is out
		AtomicBoolean down = new AtomicBoolean();
		TrafficControl traffic = new TrafficControl(new TrafficControl.Limits(60, 600), Map.of(), 16,
				Duration.ofSeconds(120), 0.02, failingWhen(down), System::nanoTime);
		TrafficControl.Permit permit = traffic.acquire("dall-e-2", 1);
		down.set(true);

		// when: its answer, and a 429 of another call, are reported
		traffic.observe(requestsLeft(30), permit);
		traffic.succeeded();
		traffic.rateLimited(Duration.ofMillis(1), RateLimitHeaders.NONE);
		permit.close();

		// then: nothing was thrown at the caller, who holds a paid answer; a new call
		// is refused while the store is down
		assertThat(traffic.rateLimitedCount()).isEqualTo(1);
		assertThatThrownBy(() -> traffic.acquire("dall-e-2", 1)).hasMessageContaining("database down");
	}

	/** Shared buckets kept in memory, whose every command fails while {@code down}. */
	private static BucketStore failingWhen(AtomicBoolean down) {
		BucketStore memory = BucketStore.inMemory();
		return new BucketStore() {

			@Override
			public Bucket bucket(String name, BucketConfiguration configuration, TimeMeter localTime) {
				Bucket bucket = memory.bucket(name, configuration, localTime);
				return (Bucket) Proxy.newProxyInstance(Bucket.class.getClassLoader(), new Class<?>[] { Bucket.class },
						(proxy, method, args) -> {
							failIf(down);
							try {
								return method.invoke(bucket, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

			@Override
			public boolean shared() {
				return true;
			}

			@Override
			public Map<String, Long> countGranted(Map<String, Long> tokensByBucket) {
				failIf(down);
				return memory.countGranted(tokensByBucket);
			}

			@Override
			public void serialized(String name, Consumer<LongSupplier> change) {
				failIf(down);
				memory.serialized(name, change);
			}

		};
	}

	private static void failIf(AtomicBoolean down) {
		if (down.get()) {
			throw new IllegalStateException("database down");
		}
	}

	private static TrafficControl aPacedGateway(AtomicLong now) {
		return new TrafficControl(new TrafficControl.Limits(60, null), Map.of(), 16, Duration.ofSeconds(120), 0.02,
				BucketStore.inMemory(), now::get);
	}

	private static RateLimitHeaders requestsLeft(long remaining) {
		return new RateLimitHeaders(new RateLimitHeaders.Window(60L, remaining, Duration.ofSeconds(60 - remaining)),
				RateLimitHeaders.Window.NONE);
	}

	private static TrafficControl.Permit acquire(TrafficControl traffic) {
		try {
			return traffic.acquire("dall-e-2", 1);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
