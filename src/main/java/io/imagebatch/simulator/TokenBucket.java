package io.imagebatch.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that refills continuously at {@code perMinute / 60} tokens a second up
 * to its capacity. It counts in exact integers (one token is {@value #UNITS_PER_TOKEN}
 * units, and a minute of refill adds {@code perMinute} units every nanosecond), so waits
 * computed from a test's clock come out exact. Not thread-safe: the caller locks.
 */
final class TokenBucket {

	/**
	 * Nanoseconds in a minute: the refill adds {@code perMinute} units per nanosecond.
	 */
	static final long UNITS_PER_TOKEN = 60_000_000_000L;

	/** The largest capacity (and rate) whose units still fit in a {@code long}. */
	static final int MAX_CAPACITY = 100_000_000;

	private final long perMinute;

	private final long capacity;

	private long units;

	private Instant updatedAt;

	/** A full bucket. */
	TokenBucket(long perMinute, long capacity, Instant now) {
		this(perMinute, capacity, capacity * UNITS_PER_TOKEN, now);
	}

	private TokenBucket(long perMinute, long capacity, long units, Instant now) {
		if (perMinute <= 0 || capacity <= 0 || capacity > MAX_CAPACITY || perMinute > MAX_CAPACITY) {
			throw new IllegalArgumentException(
					"A bucket needs a positive rate and capacity, was " + perMinute + "/min and " + capacity);
		}
		this.perMinute = perMinute;
		this.capacity = capacity;
		this.units = units;
		this.updatedAt = now;
	}

	/**
	 * This bucket with another rate or capacity, keeping what it holds (but never more
	 * than the new capacity): lowering a limit takes effect at once.
	 */
	TokenBucket reshaped(long perMinute, long capacity, Instant now) {
		if (perMinute == this.perMinute && capacity == this.capacity) {
			return this;
		}
		refill(now);
		return new TokenBucket(perMinute, capacity, Math.min(this.units, capacity * UNITS_PER_TOKEN), now);
	}

	long perMinute() {
		return this.perMinute;
	}

	/** How long until {@code tokens} can be taken; zero when they can be now. */
	Duration waitFor(long tokens, Instant now) {
		refill(now);
		long missing = tokens * UNITS_PER_TOKEN - this.units;
		return (missing <= 0) ? Duration.ZERO : Duration.ofNanos(ceilDiv(missing, this.perMinute));
	}

	/** Takes tokens the caller checked with {@link #waitFor} under the same lock. */
	void take(long tokens, Instant now) {
		refill(now);
		if (tokens * UNITS_PER_TOKEN > this.units) {
			throw new IllegalStateException("Only " + remaining(now) + " tokens left, " + tokens + " asked");
		}
		this.units -= tokens * UNITS_PER_TOKEN;
	}

	/** Whole tokens left. */
	long remaining(Instant now) {
		refill(now);
		return this.units / UNITS_PER_TOKEN;
	}

	/** How long until the bucket is full again. */
	Duration untilFull(Instant now) {
		refill(now);
		return Duration.ofNanos(ceilDiv(this.capacity * UNITS_PER_TOKEN - this.units, this.perMinute));
	}

	/** Whether {@code tokens} could ever be taken at once. */
	boolean holds(long tokens) {
		return tokens <= this.capacity;
	}

	private void refill(Instant now) {
		long elapsed = nanosBetween(this.updatedAt, now);
		if (elapsed <= 0) {
			// A clock that steps back refills nothing rather than draining the bucket.
			return;
		}
		long missing = this.capacity * UNITS_PER_TOKEN - this.units;
		// Compared before multiplying so a long idle time cannot overflow.
		this.units = (elapsed >= ceilDiv(missing, this.perMinute)) ? this.capacity * UNITS_PER_TOKEN
				: this.units + elapsed * this.perMinute;
		this.updatedAt = now;
	}

	private static long nanosBetween(Instant from, Instant to) {
		Duration between = Duration.between(from, to);
		// Over ~292 years is "a very long time", not an overflow.
		return (between.getSeconds() > 9_000_000_000L) ? Long.MAX_VALUE : between.toNanos();
	}

	private static long ceilDiv(long dividend, long divisor) {
		return Math.ceilDiv(dividend, divisor);
	}

	/**
	 * A duration the way OpenAI's {@code x-ratelimit-reset-*} headers write it:
	 * {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 1m30s}, {@code 6m0s},
	 * {@code 1h0m0s}. Rounded up to the millisecond, so a wait is never understated.
	 */
	static String resetFormat(Duration duration) {
		long millis = Math.ceilDiv(duration.toNanos(), 1_000_000L);
		if (millis == 0) {
			return "0s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = (millis / 60_000) % 60;
		long secondMillis = millis % 60_000;
		StringBuilder text = new StringBuilder();
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (hours > 0 || minutes > 0) {
			text.append(minutes).append('m');
		}
		text.append(secondMillis / 1000);
		if (secondMillis % 1000 != 0) {
			String fraction = String.format("%03d", secondMillis % 1000).replaceAll("0+$", "");
			text.append('.').append(fraction);
		}
		return text.append('s').toString();
	}

}
