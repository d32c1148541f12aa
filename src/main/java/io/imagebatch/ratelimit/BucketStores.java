package io.imagebatch.ratelimit;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Gives each gateway key its {@link BucketStore}: the application's is chosen by
 * {@code imagebatch.rate-limit.shared}.
 */
@FunctionalInterface
public interface BucketStores {

	/** Every key's buckets in this process's memory. */
	BucketStores IN_MEMORY = (baseUrl, apiKey) -> BucketStore.inMemory();

	/**
	 * The buckets of one gateway key.
	 * @param baseUrl the gateway's API root
	 * @param apiKey the key, or {@code null} for a gateway that takes none
	 * @return where its buckets live
	 */
	BucketStore forKey(URI baseUrl, @Nullable String apiKey);

}
