package io.imagebatch.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;

/**
 * Where the token buckets of one gateway key live: in this process's memory, or in a
 * store that every process calling the gateway with the key takes from.
 */
public interface BucketStore {

	/**
	 * The bucket called {@code name}. A shared bucket that exists already keeps what it
	 * holds and the configuration it was stored with; {@code configuration} makes it when
	 * it does not.
	 * @param name what it counts: {@code requests}, {@code images},
	 * {@code <model>:requests}, …
	 * @param configuration its limits
	 * @param localTime the ticker a bucket in this process refills by; a shared bucket
	 * refills by the store's clock, one that every process reads alike
	 * @return the bucket
	 */
	Bucket bucket(String name, BucketConfiguration configuration, TimeMeter localTime);

	/**
	 * Whether other processes take from the same buckets, so that what this process knows
	 * of its own calls is not all that is taken.
	 */
	boolean shared();

	/** Buckets of this process alone, a new one each time one is asked for. */
	static BucketStore inMemory() {
		return InMemoryBucketStore.INSTANCE;
	}

}
