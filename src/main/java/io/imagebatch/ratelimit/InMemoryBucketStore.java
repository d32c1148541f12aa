package io.imagebatch.ratelimit;

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
enum InMemoryBucketStore implements BucketStore {

	INSTANCE;

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

}
