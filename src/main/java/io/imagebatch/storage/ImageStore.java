package io.imagebatch.storage;

import java.io.InputStream;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Durable storage for images, and for the files that describe them (a run's manifest).
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
	 * Stores a file that is not an image, streamed from disk so that its size costs no
	 * memory, verified by its SHA-256 on the way in like an image.
	 * @param key the object key
	 * @param file the content
	 * @param contentType its content type
	 * @return what was stored
	 * @throws StorageException when the store is unavailable or refused the object, or
	 * the file cannot be read
	 */
	StoredObject putFile(String key, Path file, String contentType);

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

	/**
	 * Opens an object's content to be streamed, never read whole: the caller closes it.
	 * @param key the key
	 * @return the content
	 * @throws StorageException when the store is unavailable or the object is missing
	 */
	InputStream open(String key);

	/**
	 * Removes an object; one that is not there is no error.
	 * @param key the key
	 * @throws StorageException when the store is unavailable
	 */
	void delete(String key);

	/** The bucket images go to. */
	String bucket();

	/** Where a person finds objects under a key prefix, for summaries. */
	String locationOf(String keyPrefix);

}
