package io.imagebatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.SynchronizationStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Requests and images per minute for each API key, each a Bucket4j token bucket that
 * refills continuously ({@code perMinute} tokens a minute, greedily) up to its burst. A
 * request takes one request token and {@code n} image tokens, both or neither. Limits are
 * read from the live settings on every call, so a changed limit applies to the next
 * request, and a lowered one at once.
 */
final class RateLimiter {

	/**
	 * The largest limit (and burst) a bucket takes; {@link SimulatorProperties} checks.
	 */
	static final int MAX_LIMIT = 100_000_000;

	private final Map<String, KeyBuckets> byKey = new ConcurrentHashMap<>();

	/**
	 * Takes what the request costs, if it can.
	 * @param apiKey the bearer key
	 * @param images the images the request asks for
	 * @param settings the limits in force
	 * @param now the current instant
	 * @return the outcome, with the state for the {@code x-ratelimit-*} headers
	 */
	Decision acquire(String apiKey, int images, SimulatorProperties settings, Instant now) {
		KeyBuckets buckets = this.byKey.computeIfAbsent(apiKey, (key) -> new KeyBuckets());
		synchronized (buckets) {
			buckets.at(now);
			buckets.reshape(settings);
			List<Limited> limited = new ArrayList<>();
			addIfShort(limited, "requests", "RPM", buckets.requests, 1);
			addIfShort(limited, "images", "IPM", buckets.images, images);
			if (limited.isEmpty()) {
				take(buckets.requests, 1);
				take(buckets.images, images);
			}
			return new Decision(limited, state(buckets.requests), state(buckets.images));
		}
	}

	private static void addIfShort(List<Limited> limited, String resource, String abbreviation, @Nullable Limit limit,
			long tokens) {
		if (limit == null || tokens == 0) {
			return;
		}
		if (tokens > limit.capacity()) {
			limited.add(new Limited(resource, abbreviation, limit.perMinute(), tokens, null));
			return;
		}
		long wait = limit.bucket().estimateAbilityToConsume(tokens).getNanosToWaitForRefill();
		if (wait > 0) {
			limited.add(new Limited(resource, abbreviation, limit.perMinute(), tokens, Duration.ofNanos(wait)));
		}
	}

	private static void take(@Nullable Limit limit, long tokens) {
		// Bucket4j takes only positive amounts; nothing is nothing to take
		if (limit != null && tokens > 0 && !limit.bucket().tryConsume(tokens)) {
			throw new IllegalStateException("Tokens checked under the key's lock were gone: " + tokens);
		}
	}

	private static @Nullable BucketState state(@Nullable Limit limit) {
		if (limit == null) {
			return null;
		}
		// the wait for a whole bucket's worth is the wait until it is full
		long untilFull = limit.bucket().estimateAbilityToConsume(limit.capacity()).getNanosToWaitForRefill();
		return new BucketState(limit.perMinute(), limit.bucket().getAvailableTokens(), Duration.ofNanos(untilFull));
	}

	/**
	 * The buckets of one key, and the instant they read: every bucket operation of one
	 * request sees the same time, the one the simulator's clock gave for it. Used only
	 * under the key's lock.
	 */
	private static final class KeyBuckets implements TimeMeter {

		private long nowNanos;

		private @Nullable Limit requests;

		private @Nullable Limit images;

		void at(Instant now) {
			this.nowNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
		}

		void reshape(SimulatorProperties settings) {
			this.requests = reshape(this.requests, settings.requestsPerMinute(), settings.requestBurst());
			this.images = reshape(this.images, settings.imagesPerMinute(), settings.imageBurst());
		}

		/**
		 * The bucket for a limit: none when unlimited, a full new one when there was
		 * none, else the old one with the new limit, keeping what it holds (but never
		 * more than the new burst): lowering a limit takes effect at once.
		 */
		private @Nullable Limit reshape(@Nullable Limit limit, int perMinute, long capacity) {
			if (perMinute == 0) {
				return null;
			}
			if (limit != null && limit.perMinute() == perMinute && limit.capacity() == capacity) {
				return limit;
			}
			if (perMinute < 0 || capacity <= 0 || capacity > MAX_LIMIT || perMinute > MAX_LIMIT) {
				throw new IllegalArgumentException(
						"A bucket needs a positive rate and capacity, was " + perMinute + "/min and " + capacity);
			}
			Bandwidth bandwidth = Bandwidth.builder()
				.capacity(capacity)
				.refillGreedy(perMinute, Duration.ofMinutes(1))
				.build();
			if (limit == null) {
				Bucket bucket = Bucket.builder()
					.withCustomTimePrecision(this)
					.withSynchronizationStrategy(SynchronizationStrategy.NONE)
					.addLimit(bandwidth)
					.build();
				return new Limit(bucket, perMinute, capacity);
			}
			limit.bucket()
				.replaceConfiguration(BucketConfiguration.builder().addLimit(bandwidth).build(),
						TokensInheritanceStrategy.AS_IS);
			return new Limit(limit.bucket(), perMinute, capacity);
		}

		@Override
		public long currentTimeNanos() {
			return this.nowNanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

	/**
	 * A bucket and the limit it was shaped for.
	 *
	 * @param bucket the bucket
	 * @param perMinute tokens a minute
	 * @param capacity the burst
	 */
	private record Limit(Bucket bucket, long perMinute, long capacity) {

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

	/**
	 * What one request got.
	 *
	 * @param limited the limits it ran into; empty when its tokens were taken
	 * @param requests the request bucket after the call, {@code null} when unlimited
	 * @param images the image bucket after the call, {@code null} when unlimited
	 */
	record Decision(List<Limited> limited, @Nullable BucketState requests, @Nullable BucketState images) {

		boolean allowed() {
			return this.limited.isEmpty();
		}

		/**
		 * The longest wait among the limits hit; {@code null} when one can never be met.
		 */
		@Nullable Duration retryAfter() {
			Duration longest = Duration.ZERO;
			for (Limited limit : this.limited) {
				Duration wait = limit.retryAfter();
				if (wait == null) {
					return null;
				}
				longest = (wait.compareTo(longest) > 0) ? wait : longest;
			}
			return longest;
		}

	}

	/**
	 * A limit a request ran into.
	 *
	 * @param resource {@code requests} or {@code images}
	 * @param abbreviation {@code RPM} or {@code IPM}
	 * @param perMinute the limit
	 * @param requested the tokens asked for
	 * @param retryAfter how long until they can be taken; {@code null} when never,
	 * because they exceed the bucket's capacity
	 */
	record Limited(String resource, String abbreviation, long perMinute, long requested,
			@Nullable Duration retryAfter) {

	}

	/**
	 * A bucket as the {@code x-ratelimit-*} headers report it.
	 *
	 * @param limit the per-minute limit
	 * @param remaining whole tokens left
	 * @param reset how long until the bucket is full
	 */
	record BucketState(long limit, long remaining, Duration reset) {

	}

}
