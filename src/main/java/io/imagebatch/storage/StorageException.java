package io.imagebatch.storage;

/**
 * The store could not take or give an object. Callers still hold the bytes and may try
 * again.
 */
public class StorageException extends RuntimeException {

	public StorageException(String message, Throwable cause) {
		super(message, cause);
	}

}
