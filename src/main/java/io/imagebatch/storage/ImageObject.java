package io.imagebatch.storage;

import java.util.Map;

import io.imagebatch.system.Spool;

/**
 * An image ready to be stored.
 *
 * @param key the object key
 * @param content the image, read once or more while it is put (the caller closes it)
 * @param format the sniffed format
 * @param metadata user metadata (ASCII values)
 */
public record ImageObject(String key, Spool content, ImageFormat format, Map<String, String> metadata) {

	public ImageObject {
		metadata = Map.copyOf(metadata);
	}

}
