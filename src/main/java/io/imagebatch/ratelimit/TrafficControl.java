package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the calls to one gateway key: at most {@code maxConcurrency} in flight, no call
 * started that the requests or images bucket cannot afford (per gateway, and per model
 * where configured), and everyone paused while the gateway says to wait. Shared by all
 * runs in the process that use the gateway, and, with a shared {@link BucketStore}, its
 * buckets by every process that calls the gateway with the same key.
 * <p>
 * When the gateway says what it has left ({@code x-ratelimit-remaining-*}), that is what
 * may be spent at once, less the calls started after the answering one (the gateway had
 * not counted them yet); pacing at the configured or learnt rate takes over when it is
 * spent. With shared buckets the calls started after the answering one are those of every
 * process, counted in the store (see {@link AdaptiveBucket#mirror}). A gateway that says
 * nothing is paced from the start.
 * <p>
 * A pause is this process's, and is also put into the limited gateway buckets as a debt
 * worth the wait, so that every process sharing them waits it out. A window without a
 * known limit has no bucket (nothing is stored for it), so its pause stays in the
 * process.
 */
public final class TrafficControl {

	private static final Logger logger = LoggerFactory.getLogger(TrafficControl.class);

	/** When a 429 names no wait, pause this long. */
	private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

	/** What each thread has waited in {@link #acquire}, every gateway together. */
	private static final ThreadLocal<long[]> WAITED_BY_THREAD = ThreadLocal.withInitial(() -> new long[1]);

	/**
	 * The calls each thread had held back by the limits in {@link #acquire}, and for how
	 * long in nanoseconds, every gateway together.
	 */
	private static final ThreadLocal<long[]> HELD_BACK_BY_THREAD = ThreadLocal.withInitial(() -> new long[2]);

	private final Semaphore inFlight;

	private final int maxConcurrency;

	private final AdaptiveBucket requests;

	private final AdaptiveBucket images;

	private final Map<String, Limits> modelLimits;

	private final Map<String, AdaptiveBucket[]> modelBuckets = new ConcurrentHashMap<>();

	private final Duration maxPause;

	private final double headroom;

	private final TimeMeter time;

	private final BucketStore store;

	private final AtomicLong pausedUntilNanos;

	/**
	 * The latest count of requests granted that this process knows of (its own latest
	 * grant's), to tell which a gateway's answer has not counted yet without asking.
	 */
	private final AtomicLong requestsGrantedKnown = new AtomicLong();

	/** Of images, likewise. */
	private final AtomicLong imagesGrantedKnown = new AtomicLong();

	private final AtomicLong waitedNanos = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	/** Time calls spent waiting for tokens or a pause, a slot not counted. */
	private final AtomicLong pacedNanos = new AtomicLong();

	/** The gateway's {@code x-ratelimit-remaining-requests}, last seen; -1 before. */
	private final AtomicLong remainingRequests = new AtomicLong(-1);

	/**
	 * @param limits the gateway's limits
	 * @param modelLimits limits of single models, by model id
	 * @param maxConcurrency calls in flight at most
	 * @param maxPause the longest pause a gateway may ask for (some send absurd values)
	 * @param headroom the fraction of each limit left unused against network jitter
	 */
	public TrafficControl(Limits limits, Map<String, Limits> modelLimits, int maxConcurrency, Duration maxPause,
			double headroom) {
		this(limits, modelLimits, maxConcurrency, maxPause, headroom, BucketStore.inMemory());
	}

	/**
	 * As above, with the buckets kept in {@code store}.
	 * @param limits the gateway's limits
	 * @param modelLimits limits of single models, by model id
	 * @param maxConcurrency calls in flight at most
	 * @param maxPause the longest pause a gateway may ask for
	 * @param headroom the fraction of each limit left unused against network jitter
	 * @param store where the gateway key's buckets live
	 */
	public TrafficControl(Limits limits, Map<String, Limits> modelLimits, int maxConcurrency, Duration maxPause,
			double headroom, BucketStore store) {
		this(limits, modelLimits, maxConcurrency, maxPause, headroom, store, System::nanoTime);
	}

	/**
	 * As above, with the nanosecond ticker this process's buckets refill by and pauses
	 * end by.
	 */
	TrafficControl(Limits limits, Map<String, Limits> modelLimits, int maxConcurrency, Duration maxPause,
			double headroom, BucketStore store, LongSupplier nanoTime) {
		this.inFlight = new Semaphore(maxConcurrency, true);
		this.maxConcurrency = maxConcurrency;
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
		this.store = store;
		this.pausedUntilNanos = new AtomicLong(time.currentTimeNanos());
		this.requests = new AdaptiveBucket("requests", limits.requestsPerMinute(), headroom, time, store);
		this.images = new AdaptiveBucket("images", limits.imagesPerMinute(), headroom, time, store);
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

	/**
	 * The calls the calling thread has had held back by the limits (waiting for tokens or
	 * a pause, not for a slot), and for how long, in all: for a run's timeline, which
	 * tells rate limiting apart from the run's own concurrency.
	 */
	public static HeldBack heldBackOnThisThread() {
		long[] held = HELD_BACK_BY_THREAD.get();
		return new HeldBack(held[0], Duration.ofNanos(held[1]));
	}

	private Permit permit(String model, int images, long started) throws InterruptedException {
		this.inFlight.acquire();
		long paced = System.nanoTime();
		try {
			boolean held = waitOutPause();
			held |= this.requests.consume(1);
			held |= this.images.consume(images);
			AdaptiveBucket[] perModel = modelBuckets(model);
			if (perModel != null) {
				held |= perModel[0].consume(1);
				held |= perModel[1].consume(images);
			}
			// a pause may have begun while we waited for tokens
			held |= waitOutPause();
			long pacedFor = System.nanoTime() - paced;
			this.pacedNanos.addAndGet(pacedFor);
			if (held) {
				long[] heldBack = HELD_BACK_BY_THREAD.get();
				heldBack[0]++;
				heldBack[1] += pacedFor;
			}
			Permit permit = countGranted(images);
			this.waitedNanos.addAndGet(System.nanoTime() - started);
			return permit;
		}
		catch (InterruptedException | RuntimeException ex) {
			this.inFlight.release();
			throw ex;
		}
	}

	/**
	 * Counts the call's tokens as granted, once they are all taken and the call is about
	 * to start: one round trip with shared buckets, none while nothing is limited.
	 */
	private Permit countGranted(int images) {
		Map<String, Long> tokens = new LinkedHashMap<>(2);
		if (this.requests.countsGrants()) {
			tokens.put(this.requests.name(), 1L);
		}
		if (this.images.countsGrants()) {
			tokens.put(this.images.name(), (long) images);
		}
		Map<String, Long> counts = tokens.isEmpty() ? Map.of() : this.store.countGranted(tokens);
		long requestsGranted = counts.getOrDefault(this.requests.name(), -1L);
		long imagesGranted = counts.getOrDefault(this.images.name(), -1L);
		this.requestsGrantedKnown.accumulateAndGet(requestsGranted, Math::max);
		this.imagesGrantedKnown.accumulateAndGet(imagesGranted, Math::max);
		return new Permit(this, requestsGranted, imagesGranted);
	}

	/**
	 * Waits until everyone's pause is over.
	 * @return whether there was one to wait out
	 */
	private boolean waitOutPause() throws InterruptedException {
		boolean waited = false;
		long remaining;
		while ((remaining = this.pausedUntilNanos.get() - this.time.currentTimeNanos()) > 0) {
			Thread.sleep(Duration.ofNanos(remaining));
			waited = true;
		}
		return waited;
	}

	private AdaptiveBucket @Nullable [] modelBuckets(String model) {
		Limits limits = this.modelLimits.get(model);
		if (limits == null) {
			return null;
		}
		return this.modelBuckets.computeIfAbsent(model, (id) -> new AdaptiveBucket[] {
				new AdaptiveBucket(id + ":requests", limits.requestsPerMinute(), this.headroom, this.time, this.store),
				new AdaptiveBucket(id + ":images", limits.imagesPerMinute(), this.headroom, this.time, this.store) });
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
		if (headers.requests().remaining() != null) {
			this.remainingRequests.set(headers.requests().remaining());
		}
		afterAnswer(() -> {
			this.requests.learn(headers.requests().limit());
			this.images.learn(headers.images().limit());
			if (permit != null) {
				mirror(this.requests, headers.requests(), permit.requestsGrantedWithIt,
						this.requestsGrantedKnown.get());
				mirror(this.images, headers.images(), permit.imagesGrantedWithIt, this.imagesGrantedKnown.get());
			}
		});
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
		afterAnswer(() -> {
			this.requests.recover();
			this.images.recover();
		});
	}

	/**
	 * A 429 arrived: slow down, because keeping to the configured limit did not keep us
	 * under the real one, and pause everyone for what the gateway asked (capped), the
	 * debt reckoned at the slower rate.
	 */
	public void rateLimited(@Nullable Duration retryAfter, RateLimitHeaders headers) {
		this.rateLimited.incrementAndGet();
		observe(headers);
		afterAnswer(() -> {
			this.requests.decrease();
			this.images.decrease();
		});
		pause((retryAfter != null) ? retryAfter : DEFAULT_PAUSE);
	}

	private static @Nullable Duration pauseFor(RateLimitHeaders.Window window, boolean paced,
			@Nullable Duration longest) {
		if (paced || !window.exhausted() || window.reset() == null) {
			return longest;
		}
		return (longest == null || window.reset().compareTo(longest) > 0) ? window.reset() : longest;
	}

	private static void mirror(AdaptiveBucket bucket, RateLimitHeaders.Window window, long grantedWithIt,
			long grantedKnown) {
		if (window.remaining() != null) {
			bucket.mirror(window.remaining(), grantedWithIt, grantedKnown);
		}
	}

	private void pause(Duration wait) {
		Duration capped = (wait.compareTo(this.maxPause) > 0) ? this.maxPause : wait;
		long until = this.time.currentTimeNanos() + capped.toNanos();
		this.pausedUntilNanos.accumulateAndGet(until, Math::max);
		// every call takes from each limited one, so a debt in either holds back every
		// process
		afterAnswer(() -> {
			this.requests.indebt(capped);
			this.images.indebt(capped);
		});
	}

	/**
	 * Bookkeeping once the gateway has answered. A bucket store that fails (the database
	 * behind shared buckets) must not lose the answer, which may be paid for: the calls
	 * go on paced by what the buckets held, and the next call to be allowed finds out
	 * whether the store is back.
	 */
	private void afterAnswer(Runnable bookkeeping) {
		try {
			bookkeeping.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not update the rate-limit buckets after an answer: {}", ex.toString());
		}
	}

	/** Time calls spent waiting for a slot, tokens or a pause, summed. */
	public Duration waited() {
		return Duration.ofNanos(this.waitedNanos.get());
	}

	/**
	 * Time calls spent held back by the limits, summed: waiting for tokens or for a
	 * pause, not for one of the {@code maxConcurrency} slots.
	 */
	public Duration rateLimitWaited() {
		return Duration.ofNanos(this.pacedNanos.get());
	}

	/** Calls holding a permit now. */
	public int callsInFlight() {
		return this.maxConcurrency - this.inFlight.availablePermits();
	}

	/**
	 * The requests the gateway last said it had left
	 * ({@code x-ratelimit-remaining-requests} of its latest answer that had one), or -1
	 * when none said.
	 */
	public long remainingRequests() {
		return this.remainingRequests.get();
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
	 * Calls held back by the limits, and their waits summed.
	 *
	 * @param calls calls that had to wait for tokens or a pause
	 * @param waited how long they waited for them, in all
	 */
	public record HeldBack(long calls, Duration waited) {

		/** What was held back after {@code earlier}, read on the same thread. */
		public HeldBack since(HeldBack earlier) {
			return new HeldBack(this.calls - earlier.calls, this.waited.minus(earlier.waited));
		}

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

		/**
		 * The count of requests granted with this one's (every process's, with shared
		 * buckets), or negative when not counted.
		 */
		private final long requestsGrantedWithIt;

		/** Of images, likewise. */
		private final long imagesGrantedWithIt;

		private boolean closed;

		Permit(TrafficControl owner, long requestsGrantedWithIt, long imagesGrantedWithIt) {
			this.owner = owner;
			this.requestsGrantedWithIt = requestsGrantedWithIt;
			this.imagesGrantedWithIt = imagesGrantedWithIt;
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
