package io.imagebatch.input;

/**
 * The input as a whole cannot be used: it cannot be read, is empty, or its header is
 * unusable. The message is written for the person who made the file and is shown as it
 * is, without a stack trace.
 */
public class InputException extends RuntimeException {

	public InputException(String message) {
		super(message);
	}

	public InputException(String message, Throwable cause) {
		super(message, cause);
	}

}
