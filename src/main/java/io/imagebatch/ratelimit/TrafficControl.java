package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Paces the calls to one gateway key: at most {@code maxConcurrency} in flight, no call
 * started that the requests or images bucket cannot afford (per gateway, and per model
 * where configured), and everyone paused while the gateway says to wait. Shared by all
 * runs in the process that use the gateway.
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

	private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

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
		this.inFlight = new Semaphore(maxConcurrency, true);
		this.requests = new AdaptiveBucket("requests", limits.requestsPerMinute(), headroom);
		this.images = new AdaptiveBucket("images", limits.imagesPerMinute(), headroom);
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
		return new Permit(this, model);
	}

	private void waitOutPause() throws InterruptedException {
		long remaining;
		while ((remaining = this.pausedUntilNanos.get() - System.nanoTime()) > 0) {
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
						new AdaptiveBucket(id + ":requests", limits.requestsPerMinute(), this.headroom),
						new AdaptiveBucket(id + ":images", limits.imagesPerMinute(), this.headroom) });
	}

	/**
	 * The gateway answered (success or not) with these headers: learn its limits, and
	 * pause everyone when a window is used up, before a 429 says so.
	 */
	public void observe(RateLimitHeaders headers) {
		this.requests.learn(headers.requests().limit());
		this.images.learn(headers.images().limit());
		Duration until = null;
		for (RateLimitHeaders.Window window : new RateLimitHeaders.Window[] { headers.requests(), headers.images() }) {
			if (window.exhausted() && window.reset() != null) {
				until = (until == null || window.reset().compareTo(until) > 0) ? window.reset() : until;
			}
		}
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

	private void pause(Duration wait) {
		Duration capped = (wait.compareTo(this.maxPause) > 0) ? this.maxPause : wait;
		long until = System.nanoTime() + capped.toNanos();
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

		private boolean closed;

		Permit(TrafficControl owner, String model) {
			this.owner = owner;
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
