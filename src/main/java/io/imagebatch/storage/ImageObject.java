package io.imagebatch.storage;

import java.util.Map;

/**
 * An image ready to be stored.
 *
 * @param key the object key
 * @param bytes the image
 * @param format the sniffed format
 * @param sha256 hex SHA-256 of {@code bytes}
 * @param metadata user metadata (ASCII values)
 */
public record ImageObject(String key, byte[] bytes, ImageFormat format, String sha256, Map<String, String> metadata) {

	public ImageObject {
		metadata = Map.copyOf(metadata);
	}

}
