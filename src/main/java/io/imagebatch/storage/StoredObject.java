package io.imagebatch.storage;

import java.util.Map;

/**
 * An object as the store holds it.
 *
 * @param bucket the bucket
 * @param key the key
 * @param contentType its content type
 * @param bytes its size
 * @param sha256 hex SHA-256 of its content
 * @param metadata its user metadata
 */
public record StoredObject(String bucket, String key, String contentType, long bytes, String sha256,
		Map<String, String> metadata) {

}
