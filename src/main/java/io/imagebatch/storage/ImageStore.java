package io.imagebatch.storage;

import java.util.Optional;

/**
 * Durable storage for images.
 */
public interface ImageStore {

	/**
	 * Stores an image, verified by its SHA-256 on the way in.
	 * @param image the image
	 * @return what was stored
	 * @throws StorageException when the store is unavailable or refused the object
	 */
	StoredObject put(ImageObject image);

	/**
	 * Looks an object up by key without reading its content.
	 * @param key the key
	 * @return the object, or empty when there is none
	 * @throws StorageException when the store is unavailable
	 */
	Optional<StoredObject> find(String key);

	/**
	 * Reads an object's content.
	 * @param key the key
	 * @return the bytes
	 * @throws StorageException when the store is unavailable or the object is missing
	 */
	byte[] read(String key);

	/** The bucket images go to. */
	String bucket();

	/** Where a person finds objects under a key prefix, for summaries. */
	String locationOf(String keyPrefix);

}
