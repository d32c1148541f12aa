package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A per-minute limit as a Bucket4j token bucket whose rate adapts: it starts at the
 * configured (or gateway-announced) limit, drops by a fifth on each 429 (the configured
 * limit was wrong), and creeps back towards the limit while calls succeed. Unlimited
 * until a limit is known. What the gateway says it has left overrides the local count: it
 * knows the allowance it really grants, including a rested key's first minute.
 */
final class AdaptiveBucket {

	private static final double DECREASE = 0.8;

	private static final double INCREASE = 0.05;

	private static final Duration RECOVERY_STEP = Duration.ofSeconds(10);

	/** A tenth of a minute's worth may go at once: enough for n=10, gentle on bursts. */
	private static final int BURST_DIVISOR = 6;

	private final String name;

	private final double headroom;

	private @Nullable Long limit;

	private double effective;

	private @Nullable Bucket bucket;

	private final TimeMeter time;

	private long lastChangeNanos;

	/**
	 * @param name what the bucket counts, for Bucket4j
	 * @param perMinute the configured limit, or {@code null} while unknown
	 * @param headroom the fraction of the limit left unused, so that network jitter never
	 * lands a request a moment before the gateway's own bucket refilled
	 * @param time the nanosecond ticker the bucket refills by
	 */
	AdaptiveBucket(String name, @Nullable Integer perMinute, double headroom, TimeMeter time) {
		this.name = name;
		this.headroom = headroom;
		this.time = time;
		this.lastChangeNanos = time.currentTimeNanos();
		if (perMinute != null && perMinute > 0) {
			this.limit = perMinute.longValue();
			this.effective = target();
			this.bucket = newBucket(this.effective);
		}
	}

	/** What we aim at: the limit less the headroom. */
	private double target() {
		return Math.max(1, this.limit * (1 - this.headroom));
	}

	/**
	 * Takes tokens, waiting for them; returns at once while no limit is known. Waits on
	 * this bucket's monitor rather than reserving tokens ahead, so that an allowance the
	 * gateway reports ({@link #mirror}) lets waiting calls go at once.
	 */
	synchronized void consume(long tokens) throws InterruptedException {
		long wait;
		while ((wait = tryConsume(tokens)) > 0) {
			TimeUnit.NANOSECONDS.timedWait(this, wait);
		}
	}

	/**
	 * Takes tokens if there are enough.
	 * @return zero when taken, otherwise how long until there will be, in nanoseconds
	 */
	synchronized long tryConsume(long tokens) {
		if (this.bucket == null) {
			return 0;
		}
		// a request larger than the burst could never be afforded: take what fits
		long afforded = Math.min(tokens, Math.max(capacity((long) this.effective), this.bucket.getAvailableTokens()));
		ConsumptionProbe probe = this.bucket.tryConsumeAndReturnRemaining(afforded);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/**
	 * The gateway said it has {@code remaining} left, and {@code unreported} of ours were
	 * started too late to be counted in that. More than a burst of ours (a rested key's
	 * first minute) may all be spent at once; less than the bucket holds (other clients
	 * of the key, or our own slack) caps it. In between the bucket keeps pacing, with its
	 * headroom, rather than chase the gateway's refill to the last token.
	 */
	synchronized void mirror(long remaining, long unreported) {
		if (this.bucket == null) {
			return;
		}
		long allowed = Math.max(0, remaining - unreported);
		long available = this.bucket.getAvailableTokens();
		if (allowed > capacity((long) this.effective) && allowed > available) {
			this.bucket.forceAddTokens(allowed - Math.max(0, available));
			notifyAll();
		}
		else if (allowed < available) {
			this.bucket.tryConsumeAsMuchAsPossible(available - allowed);
		}
	}

	/** Whole tokens that may be taken now, for tests. */
	synchronized long available() {
		return (this.bucket != null) ? Math.max(0, this.bucket.getAvailableTokens()) : Long.MAX_VALUE;
	}

	/** The gateway announced its limit: never go above it. */
	synchronized void learn(@Nullable Long announced) {
		if (announced == null || announced <= 0 || (this.limit != null && announced >= this.limit)) {
			return;
		}
		this.limit = announced;
		this.effective = Math.min((this.bucket != null) ? this.effective : target(), target());
		reconfigure();
	}

	/** A 429 arrived although we kept to the limit: the limit is wrong, slow down. */
	synchronized void decrease() {
		if (this.limit == null) {
			return;
		}
		this.effective = Math.max(1, this.effective * DECREASE);
		reconfigure();
	}

	/** A call succeeded: recover a step towards the limit, at most every ten seconds. */
	synchronized void recover() {
		if (this.limit == null || this.effective >= target()
				|| this.time.currentTimeNanos() - this.lastChangeNanos < RECOVERY_STEP.toNanos()) {
			return;
		}
		this.effective = Math.min(target(), this.effective + this.limit * INCREASE);
		reconfigure();
	}

	synchronized @Nullable Long limit() {
		return this.limit;
	}

	synchronized double effectivePerMinute() {
		return this.effective;
	}

	private void reconfigure() {
		double perMinute = Math.max(1, this.effective);
		BucketConfiguration configuration = BucketConfiguration.builder().addLimit(bandwidth(perMinute)).build();
		if (this.bucket == null) {
			this.bucket = newBucket(perMinute);
		}
		else {
			this.bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
		}
		this.lastChangeNanos = this.time.currentTimeNanos();
		notifyAll();
	}

	private Bucket newBucket(double perMinute) {
		return Bucket.builder().withCustomTimePrecision(this.time).addLimit(bandwidth(perMinute)).build();
	}

	/**
	 * Starts half full: the first call of a process is slow (connections, warm-up), so
	 * the gateway's burst starts draining later than ours; the slack keeps the calls
	 * after it from arriving a moment before the gateway has refilled. Refills at the
	 * exact rate, not a whole number a minute: 58.8 is not 58.
	 */
	private Bandwidth bandwidth(double perMinute) {
		long capacity = capacity((long) perMinute);
		long tokens = Math.max(1, Math.round(perMinute));
		return Bandwidth.builder()
			.capacity(capacity)
			.refillGreedy(tokens, Duration.ofNanos(Math.round(tokens * 60e9 / perMinute)))
			.id(this.name)
			.initialTokens(Math.max(1, capacity / 2))
			.build();
	}

	private static long capacity(long perMinute) {
		return Math.max(Math.min(perMinute, 10), (perMinute + BURST_DIVISOR - 1) / BURST_DIVISOR);
	}

}
