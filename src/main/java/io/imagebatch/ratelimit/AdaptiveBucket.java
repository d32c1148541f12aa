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
 * until a limit is known, and then nothing is stored anywhere. What the gateway says it
 * has left overrides the local count: it knows the allowance it really grants, including
 * a rested key's first minute.
 * <p>
 * The bucket comes from a {@link BucketStore}: in this process, or shared with every
 * process calling the gateway with the same key. A shared bucket's rate is whatever the
 * process that last adapted it set; each process adapts on what it sees, and a 429 one
 * sees is one the others' calls are about to see too. What the gateway says it has left
 * raises a shared bucket as it does one in memory, the calls of every process counted
 * (see {@link #mirror}).
 */
final class AdaptiveBucket {

	private static final double DECREASE = 0.8;

	private static final double INCREASE = 0.05;

	private static final Duration RECOVERY_STEP = Duration.ofSeconds(10);

	private static final double MINUTE_NANOS = 60e9;

	/** A tenth of a minute's worth may go at once: enough for n=10, gentle on bursts. */
	private static final int BURST_DIVISOR = 6;

	private final String name;

	private final double headroom;

	private final BucketStore store;

	private @Nullable Long limit;

	private double effective;

	private @Nullable Bucket bucket;

	private final TimeMeter time;

	private long lastChangeNanos;

	/**
	 * A shared bucket that existed before this process may have been stored with other
	 * limits (a changed configuration, a rate adapted by another process): ours replaces
	 * it on the first command, so that a raised limit takes effect after a restart.
	 */
	private boolean configurationUnsent;

	/**
	 * @param name what the bucket counts, for Bucket4j
	 * @param perMinute the configured limit, or {@code null} while unknown
	 * @param headroom the fraction of the limit left unused, so that network jitter never
	 * lands a request a moment before the gateway's own bucket refilled
	 * @param time the nanosecond ticker this process's bucket refills by, and that times
	 * the recovery
	 * @param store where the bucket lives
	 */
	AdaptiveBucket(String name, @Nullable Integer perMinute, double headroom, TimeMeter time, BucketStore store) {
		this.name = name;
		this.headroom = headroom;
		this.time = time;
		this.store = store;
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
	 * @return whether it had to wait
	 */
	synchronized boolean consume(long tokens) throws InterruptedException {
		boolean waited = false;
		long wait;
		while ((wait = tryConsume(tokens)) > 0) {
			TimeUnit.NANOSECONDS.timedWait(this, wait);
			waited = true;
		}
		return waited;
	}

	/**
	 * Takes tokens if there are enough.
	 * @return zero when taken, otherwise how long until there will be, in nanoseconds
	 */
	synchronized long tryConsume(long tokens) {
		Bucket bucket = bucket();
		if (bucket == null) {
			return 0;
		}
		long capacity = capacity((long) this.effective);
		// a request larger than the burst could never be afforded: take what fits (asking
		// the bucket what it holds only then, since a shared bucket's answer costs a
		// query)
		long afforded = (tokens <= capacity) ? tokens
				: Math.min(tokens, Math.max(capacity, bucket.getAvailableTokens()));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(afforded);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/**
	 * The gateway said it has {@code remaining} left when it counted a call, and the
	 * calls granted after that one had not been counted yet. More than a burst of ours (a
	 * rested key's first minute) may all be spent at once; less than the bucket holds
	 * (other clients of the key, or our own slack) caps it. In between the bucket keeps
	 * pacing, with its headroom, rather than chase the gateway's refill to the last
	 * token.
	 * <p>
	 * The calls granted after the answered one are told by the store's count of tokens
	 * granted ({@link BucketStore#countGranted}): for a shared bucket, every process's.
	 * Raising is decided twice. First on what this process knows without asking (its own
	 * latest grant's count, never ahead of the count now), which can only overstate what
	 * may go: when even that does not raise the bucket (the steady state) the answer
	 * costs nothing more. Then again {@link BucketStore#serialized serialized} with every
	 * other process's raising of the bucket, on the bucket and the count as they are
	 * then: a process raising the bucket for the same allowance a moment later finds it
	 * raised already and adds nothing, and the calls every process started since the
	 * answered one are taken off. The bucket is read before the count, and a grant takes
	 * its tokens before it is counted, so a call taken from the bucket read is counted,
	 * unless its count was written in the moment between the two reads. That call is
	 * missed (one too many allowed), as is a call granted before the answered one but
	 * reaching the gateway after it, in memory as well: the headroom's to absorb.
	 * @param remaining what the gateway has left
	 * @param grantedWithIt the count of tokens granted from this bucket with the answered
	 * call's, or negative when its tokens were not counted (the bucket had no limit then)
	 * @param grantedKnown the latest count this process knows of
	 */
	synchronized void mirror(long remaining, long grantedWithIt, long grantedKnown) {
		Bucket bucket = bucket();
		if (bucket == null) {
			return;
		}
		long available = bucket.getAvailableTokens();
		if (grantedWithIt < 0) {
			// what the gateway had not counted is unknown: cap, never raise
			if (remaining < available) {
				bucket.tryConsumeAsMuchAsPossible(available - remaining);
			}
			return;
		}
		long allowed = Math.max(0, remaining - (grantedKnown - grantedWithIt));
		if (!raises(allowed, available)) {
			adjust(bucket, allowed, available);
			return;
		}
		this.store.serialized(this.name, (granted) -> {
			long availableNow = bucket.getAvailableTokens();
			adjust(bucket, Math.max(0, remaining - (granted.getAsLong() - grantedWithIt)), availableNow);
		});
	}

	private void adjust(Bucket bucket, long allowed, long available) {
		if (raises(allowed, available)) {
			bucket.forceAddTokens(allowed - Math.max(0, available));
			notifyAll();
		}
		else if (allowed < available) {
			bucket.tryConsumeAsMuchAsPossible(available - allowed);
		}
	}

	private boolean raises(long allowed, long available) {
		return allowed > capacity((long) this.effective) && allowed > available;
	}

	/**
	 * Whether the tokens taken from this bucket are to be counted: always in this
	 * process's memory; in a shared store only while limited, so that a gateway without
	 * known limits never reaches the database.
	 */
	synchronized boolean countsGrants() {
		return !this.store.shared() || this.limit != null;
	}

	String name() {
		return this.name;
	}

	/**
	 * The gateway said to wait: puts the bucket into debt worth {@code wait} at the
	 * current rate, so that the next call of every process sharing it waits as long. A
	 * debt at least as deep is left alone: the processes that saw the same 429 (their
	 * calls went out together) do not add up their waits. Reading and taking are two
	 * commands, so two processes at the very same moment may still both take.
	 */
	synchronized void indebt(Duration wait) {
		Bucket bucket = bucket();
		if (bucket == null) {
			return;
		}
		// owing this many, one token is refilled no sooner than the wait
		long owed = Math.max(0, (long) Math.ceil(wait.toNanos() * this.effective / MINUTE_NANOS) - 1);
		long available = bucket.getAvailableTokens();
		if (available > -owed) {
			bucket.consumeIgnoringRateLimits(available + owed);
		}
	}

	/** Whole tokens that may be taken now, for tests. */
	synchronized long available() {
		Bucket bucket = bucket();
		return (bucket != null) ? Math.max(0, bucket.getAvailableTokens()) : Long.MAX_VALUE;
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
		if (this.bucket == null) {
			this.bucket = newBucket(perMinute);
		}
		else {
			this.bucket.replaceConfiguration(configuration(perMinute), TokensInheritanceStrategy.AS_IS);
			this.configurationUnsent = false;
		}
		this.lastChangeNanos = this.time.currentTimeNanos();
		notifyAll();
	}

	/**
	 * The bucket, its configuration sent first if it has not been yet; none while
	 * unlimited.
	 */
	private @Nullable Bucket bucket() {
		if (this.bucket != null && this.configurationUnsent) {
			this.bucket.replaceConfiguration(configuration(this.effective), TokensInheritanceStrategy.AS_IS);
			this.configurationUnsent = false;
		}
		return this.bucket;
	}

	private Bucket newBucket(double perMinute) {
		this.configurationUnsent = this.store.shared();
		return this.store.bucket(this.name, configuration(perMinute), this.time);
	}

	private BucketConfiguration configuration(double perMinute) {
		return BucketConfiguration.builder().addLimit(bandwidth(Math.max(1, perMinute))).build();
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
			.refillGreedy(tokens, Duration.ofNanos(Math.round(tokens * MINUTE_NANOS / perMinute)))
			.id(this.name)
			.initialTokens(Math.max(1, capacity / 2))
			.build();
	}

	private static long capacity(long perMinute) {
		return Math.max(Math.min(perMinute, 10), (perMinute + BURST_DIVISOR - 1) / BURST_DIVISOR);
	}

}
