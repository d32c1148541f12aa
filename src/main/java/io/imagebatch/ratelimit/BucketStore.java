package io.imagebatch.ratelimit;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;

/**
 * Where the token buckets of one gateway key live: in this process's memory, or in a
 * store that every process calling the gateway with the key takes from. Beside each
 * bucket the store counts the tokens granted from it, so that an answer of the gateway
 * can be told apart from the calls it had not counted yet.
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

	/**
	 * Counts the tokens one call was granted, after it took them from the buckets: a
	 * shared store counts every process's grants alike, in one round trip for all of the
	 * call's buckets.
	 * @param tokensByBucket the tokens taken, by bucket name
	 * @return each of those buckets' count of tokens granted so far, this call's included
	 */
	Map<String, Long> countGranted(Map<String, Long> tokensByBucket);

	/**
	 * Runs {@code change} of the bucket called {@code name} so that no other change
	 * through this method, by any process sharing the bucket, runs at the same time.
	 * @param name the bucket
	 * @param change given what reads the bucket's count of tokens granted so far (as
	 * {@link #countGranted} returns it), at the moment it is asked
	 */
	void serialized(String name, Consumer<LongSupplier> change);

	/**
	 * Buckets of this process alone, a new store (and counts) each time one is asked for.
	 */
	static BucketStore inMemory() {
		return new InMemoryBucketStore();
	}

}
