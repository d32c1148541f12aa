package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

/**
 * An image of an item that is in the store.
 *
 * @param index its position in the gateway's answer
 * @param bucket the bucket
 * @param key the object key
 * @param contentType its content type
 * @param bytes its size
 * @param sha256 hex SHA-256 of its content
 * @param origin {@code url} or {@code inline}
 * @param revisedPrompt the prompt as the model rewrote it, if it did
 */
public record StoredImage(int index, String bucket, String key, String contentType, long bytes, String sha256,
		String origin, @Nullable String revisedPrompt) {

}
