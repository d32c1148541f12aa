package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

/**
 * A file stored at the provider for its Batch API.
 *
 * @param id the provider's id of the file
 * @param filename the name it was uploaded under, when the provider says
 * @param bytes its size
 */
public record ProviderFile(String id, @Nullable String filename, long bytes) {

}
