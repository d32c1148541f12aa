package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;

/**
 * Paces the calls to one gateway key: at most {@code maxConcurrency} in flight, no call
 * started that the requests or images bucket cannot afford (per gateway, and per model
 * where configured), and everyone paused while the gateway says to wait. Shared by all
 * runs in the process that use the gateway.
 * <p>
 * When the gateway says what it has left ({@code x-ratelimit-remaining-*}), that is what
 * may be spent at once, less the calls started after the answering one (the gateway had
 * not counted them yet); pacing at the configured or learnt rate takes over when it is
 * spent. A gateway that says nothing is paced from the start.
 */
public final class TrafficControl {

	/** When a 429 names no wait, pause this long. */
	private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

	/** What each thread has waited in {@link #acquire}, every gateway together. */
	private static final ThreadLocal<long[]> WAITED_BY_THREAD = ThreadLocal.withInitial(() -> new long[1]);

	private final Semaphore inFlight;

	private final AdaptiveBucket requests;

	private final AdaptiveBucket images;

	private final Map<String, Limits> modelLimits;

	private final Map<String, AdaptiveBucket[]> modelBuckets = new ConcurrentHashMap<>();

	private final Duration maxPause;

	private final double headroom;

	private final TimeMeter time;

	private final AtomicLong pausedUntilNanos;

	/** Requests started so far, to tell which a gateway's answer has not counted yet. */
	private final AtomicLong requestsStarted = new AtomicLong();

	/** Images asked for so far, likewise. */
	private final AtomicLong imagesStarted = new AtomicLong();

	private final AtomicLong waitedNanos = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	/**
	 * @param limits the gateway's limits
	 * @param modelLimits limits of single models, by model id
	 * @param maxConcurrency calls in flight at most
	 * @param maxPause the longest pause a gateway may ask for (some send absurd values)
	 * @param headroom the fraction of each limit left unused against network jitter
	 */
	public TrafficControl(Limits limits, Map<String, Limits> modelLimits, int maxConcurrency, Duration maxPause,
			double headroom) {
		this(limits, modelLimits, maxConcurrency, maxPause, headroom, System::nanoTime);
	}

	/** As above, with the nanosecond ticker the buckets refill by and pauses end by. */
	TrafficControl(Limits limits, Map<String, Limits> modelLimits, int maxConcurrency, Duration maxPause,
			double headroom, LongSupplier nanoTime) {
		this.inFlight = new Semaphore(maxConcurrency, true);
		TimeMeter time = new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return nanoTime.getAsLong();
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}

		};
		this.time = time;
		this.pausedUntilNanos = new AtomicLong(time.currentTimeNanos());
		this.requests = new AdaptiveBucket("requests", limits.requestsPerMinute(), headroom, time);
		this.images = new AdaptiveBucket("images", limits.imagesPerMinute(), headroom, time);
		this.modelLimits = Map.copyOf(modelLimits);
		this.maxPause = maxPause;
		this.headroom = headroom;
	}

	/**
	 * Waits until a call for {@code images} images of {@code model} may start.
	 * @return the permit, to be closed when the call has answered
	 */
	public Permit acquire(String model, int images) throws InterruptedException {
		long started = System.nanoTime();
		try {
			return permit(model, images, started);
		}
		finally {
			WAITED_BY_THREAD.get()[0] += System.nanoTime() - started;
		}
	}

	/**
	 * How long the calling thread has waited, in all, for gateways to allow its calls
	 * (their concurrency, pacing and pauses), in nanoseconds: for a retry budget, which
	 * must measure the gateway, not the queue in front of it.
	 */
	public static long nanosWaitedByThisThread() {
		return WAITED_BY_THREAD.get()[0];
	}

	private Permit permit(String model, int images, long started) throws InterruptedException {
		this.inFlight.acquire();
		try {
			waitOutPause();
			this.requests.consume(1);
			this.images.consume(images);
			AdaptiveBucket[] perModel = modelBuckets(model);
			if (perModel != null) {
				perModel[0].consume(1);
				perModel[1].consume(images);
			}
			// a pause may have begun while we waited for tokens
			waitOutPause();
		}
		catch (InterruptedException | RuntimeException ex) {
			this.inFlight.release();
			throw ex;
		}
		this.waitedNanos.addAndGet(System.nanoTime() - started);
		return new Permit(this, this.requestsStarted.incrementAndGet(), this.imagesStarted.addAndGet(images));
	}

	private void waitOutPause() throws InterruptedException {
		long remaining;
		while ((remaining = this.pausedUntilNanos.get() - this.time.currentTimeNanos()) > 0) {
			Thread.sleep(Duration.ofNanos(remaining));
		}
	}

	private AdaptiveBucket @Nullable [] modelBuckets(String model) {
		Limits limits = this.modelLimits.get(model);
		if (limits == null) {
			return null;
		}
		return this.modelBuckets.computeIfAbsent(model,
				(id) -> new AdaptiveBucket[] {
						new AdaptiveBucket(id + ":requests", limits.requestsPerMinute(), this.headroom, this.time),
						new AdaptiveBucket(id + ":images", limits.imagesPerMinute(), this.headroom, this.time) });
	}

	/**
	 * The gateway answered (success or not) with these headers: learn its limits, and
	 * pause everyone when a window is used up, before a 429 says so.
	 */
	public void observe(RateLimitHeaders headers) {
		observe(headers, null);
	}

	/**
	 * The gateway answered the call of {@code permit} (success or not) with these
	 * headers: learn its limits, let what it says it has left be spent, and pause
	 * everyone when a window without a known limit is used up, before a 429 says so.
	 */
	public void observe(RateLimitHeaders headers, @Nullable Permit permit) {
		this.requests.learn(headers.requests().limit());
		this.images.learn(headers.images().limit());
		if (permit != null) {
			mirror(this.requests, headers.requests(), this.requestsStarted.get() - permit.requestsStartedWithIt);
			mirror(this.images, headers.images(), this.imagesStarted.get() - permit.imagesStartedWithIt);
		}
		// with a known limit the capped bucket waits a call's refill, a second or so,
		// where a reset may say when the whole window is full again
		Duration until = pauseFor(headers.requests(), permit != null && this.requests.limit() != null, null);
		until = pauseFor(headers.images(), permit != null && this.images.limit() != null, until);
		if (until != null) {
			pause(until);
		}
	}

	/** A call succeeded: let the adapted rates recover towards the limits. */
	public void succeeded() {
		this.requests.recover();
		this.images.recover();
	}

	/**
	 * A 429 arrived: pause everyone for what the gateway asked (capped), and slow down,
	 * because keeping to the configured limit did not keep us under the real one.
	 */
	public void rateLimited(@Nullable Duration retryAfter, RateLimitHeaders headers) {
		this.rateLimited.incrementAndGet();
		observe(headers);
		pause((retryAfter != null) ? retryAfter : DEFAULT_PAUSE);
		this.requests.decrease();
		this.images.decrease();
	}

	private static @Nullable Duration pauseFor(RateLimitHeaders.Window window, boolean paced,
			@Nullable Duration longest) {
		if (paced || !window.exhausted() || window.reset() == null) {
			return longest;
		}
		return (longest == null || window.reset().compareTo(longest) > 0) ? window.reset() : longest;
	}

	private static void mirror(AdaptiveBucket bucket, RateLimitHeaders.Window window, long unreported) {
		if (window.remaining() != null) {
			bucket.mirror(window.remaining(), unreported);
		}
	}

	private void pause(Duration wait) {
		Duration capped = (wait.compareTo(this.maxPause) > 0) ? this.maxPause : wait;
		long until = this.time.currentTimeNanos() + capped.toNanos();
		this.pausedUntilNanos.accumulateAndGet(until, Math::max);
	}

	/** Time calls spent waiting for a slot, tokens or a pause, summed. */
	public Duration waited() {
		return Duration.ofNanos(this.waitedNanos.get());
	}

	/** 429s seen. */
	public long rateLimitedCount() {
		return this.rateLimited.get();
	}

	/** The requests-per-minute now in force, or empty while unlimited. */
	public @Nullable Double requestsPerMinute() {
		return (this.requests.limit() != null) ? this.requests.effectivePerMinute() : null;
	}

	/** Requests that may start now without waiting, for tests. */
	long requestsAvailable() {
		return this.requests.available();
	}

	/**
	 * Limits per minute; {@code null} means none known.
	 *
	 * @param requestsPerMinute requests per minute
	 * @param imagesPerMinute images per minute
	 */
	public record Limits(@Nullable Integer requestsPerMinute, @Nullable Integer imagesPerMinute) {

		public static final Limits NONE = new Limits(null, null);

	}

	/**
	 * The right to have one call in flight.
	 */
	public static final class Permit implements AutoCloseable {

		private final TrafficControl owner;

		/** Requests started by then, this one included. */
		private final long requestsStartedWithIt;

		/** Images asked for by then, this call's included. */
		private final long imagesStartedWithIt;

		private boolean closed;

		Permit(TrafficControl owner, long requestsStartedWithIt, long imagesStartedWithIt) {
			this.owner = owner;
			this.requestsStartedWithIt = requestsStartedWithIt;
			this.imagesStartedWithIt = imagesStartedWithIt;
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.owner.inFlight.release();
			}
		}

	}

}
