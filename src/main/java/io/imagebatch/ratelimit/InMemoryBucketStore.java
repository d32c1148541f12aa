package io.imagebatch.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * Bucket4j's local buckets: nothing leaves the process, nothing is shared. For one
 * process alone on its keys, for tests, and for
 * {@code imagebatch.rate-limit.shared: false}.
 */
final class InMemoryBucketStore implements BucketStore {

	private final Map<String, AtomicLong> granted = new ConcurrentHashMap<>();

	@Override
	public Bucket bucket(String name, BucketConfiguration configuration, TimeMeter localTime) {
		LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(localTime);
		for (Bandwidth bandwidth : configuration.getBandwidths()) {
			builder.addLimit(bandwidth);
		}
		return builder.build();
	}

	@Override
	public boolean shared() {
		return false;
	}

	@Override
	public Map<String, Long> countGranted(Map<String, Long> tokensByBucket) {
		Map<String, Long> counts = new LinkedHashMap<>();
		tokensByBucket.forEach((name, tokens) -> counts.put(name, granted(name).addAndGet(tokens)));
		return counts;
	}

	/** The caller's lock (the bucket's) is all the serializing there is to do. */
	@Override
	public void serialized(String name, Consumer<LongSupplier> change) {
		AtomicLong count = granted(name);
		change.accept(count::get);
	}

	private AtomicLong granted(String name) {
		return this.granted.computeIfAbsent(name, (key) -> new AtomicLong());
	}

}
