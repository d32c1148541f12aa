package io.imagebatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Requests and images per minute for each API key, each a {@link TokenBucket}. A request
 * takes one request token and {@code n} image tokens, both or neither. Limits are read
 * from the live settings on every call, so a changed limit applies to the next request.
 */
final class RateLimiter {

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
			buckets.reshape(settings, now);
			List<Limited> limited = new ArrayList<>();
			addIfShort(limited, "requests", "RPM", buckets.requests, 1, now);
			addIfShort(limited, "images", "IPM", buckets.images, images, now);
			if (limited.isEmpty()) {
				if (buckets.requests != null) {
					buckets.requests.take(1, now);
				}
				if (buckets.images != null) {
					buckets.images.take(images, now);
				}
			}
			return new Decision(limited, state(buckets.requests, now), state(buckets.images, now));
		}
	}

	private static void addIfShort(List<Limited> limited, String resource, String abbreviation,
			@Nullable TokenBucket bucket, long tokens, Instant now) {
		if (bucket == null) {
			return;
		}
		if (!bucket.holds(tokens)) {
			limited.add(new Limited(resource, abbreviation, bucket.perMinute(), tokens, null));
			return;
		}
		Duration wait = bucket.waitFor(tokens, now);
		if (!wait.isZero()) {
			limited.add(new Limited(resource, abbreviation, bucket.perMinute(), tokens, wait));
		}
	}

	private static @Nullable BucketState state(@Nullable TokenBucket bucket, Instant now) {
		return (bucket != null) ? new BucketState(bucket.perMinute(), bucket.remaining(now), bucket.untilFull(now))
				: null;
	}

	private static final class KeyBuckets {

		private @Nullable TokenBucket requests;

		private @Nullable TokenBucket images;

		void reshape(SimulatorProperties settings, Instant now) {
			this.requests = reshape(this.requests, settings.requestsPerMinute(), settings.requestBurst(), now);
			this.images = reshape(this.images, settings.imagesPerMinute(), settings.imageBurst(), now);
		}

		private static @Nullable TokenBucket reshape(@Nullable TokenBucket bucket, int perMinute, long capacity,
				Instant now) {
			if (perMinute == 0) {
				return null;
			}
			return (bucket != null) ? bucket.reshaped(perMinute, capacity, now)
					: new TokenBucket(perMinute, capacity, now);
		}

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
