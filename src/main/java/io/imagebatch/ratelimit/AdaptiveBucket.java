package io.imagebatch.ratelimit;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A per-minute limit as a Bucket4j token bucket whose rate adapts: it starts at the
 * configured (or gateway-announced) limit, drops by a fifth on each 429 (the configured
 * limit was wrong), and creeps back towards the limit while calls succeed. Unlimited
 * until a limit is known.
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

	private long lastChangeNanos = System.nanoTime();

	/**
	 * @param name what the bucket counts, for Bucket4j
	 * @param perMinute the configured limit, or {@code null} while unknown
	 * @param headroom the fraction of the limit left unused, so that network jitter never
	 * lands a request a moment before the gateway's own bucket refilled
	 */
	AdaptiveBucket(String name, @Nullable Integer perMinute, double headroom) {
		this.name = name;
		this.headroom = headroom;
		if (perMinute != null && perMinute > 0) {
			this.limit = perMinute.longValue();
			this.effective = target();
			this.bucket = Bucket.builder().addLimit(bandwidth((long) this.effective)).build();
		}
	}

	/** What we aim at: the limit less the headroom. */
	private double target() {
		return Math.max(1, this.limit * (1 - this.headroom));
	}

	/** Takes tokens, waiting for them; returns at once while no limit is known. */
	void consume(long tokens) throws InterruptedException {
		Bucket current;
		long capacity;
		synchronized (this) {
			current = this.bucket;
			capacity = capacity((long) this.effective);
		}
		if (current != null) {
			// a request larger than the burst could never be afforded: take what fits
			current.asBlocking().consume(Math.min(tokens, capacity));
		}
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
				|| System.nanoTime() - this.lastChangeNanos < RECOVERY_STEP.toNanos()) {
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
		long perMinute = Math.max(1, (long) this.effective);
		BucketConfiguration configuration = BucketConfiguration.builder().addLimit(bandwidth(perMinute)).build();
		if (this.bucket == null) {
			this.bucket = Bucket.builder().addLimit(bandwidth(perMinute)).build();
		}
		else {
			this.bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
		}
		this.lastChangeNanos = System.nanoTime();
	}

	/**
	 * Starts half full: the first call of a process is slow (connections, warm-up), so
	 * the gateway's burst starts draining later than ours; the slack keeps the calls
	 * after it from arriving a moment before the gateway has refilled.
	 */
	private Bandwidth bandwidth(long perMinute) {
		long capacity = capacity(perMinute);
		return Bandwidth.builder()
			.capacity(capacity)
			.refillGreedy(perMinute, Duration.ofMinutes(1))
			.id(this.name)
			.initialTokens(Math.max(1, capacity / 2))
			.build();
	}

	private static long capacity(long perMinute) {
		return Math.max(Math.min(perMinute, 10), (perMinute + BURST_DIVISOR - 1) / BURST_DIVISOR);
	}

}
