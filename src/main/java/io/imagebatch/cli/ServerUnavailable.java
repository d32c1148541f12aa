package io.imagebatch.cli;

/**
 * The server could not be reached, or failed to answer a request (exit code 1).
 */
final class ServerUnavailable extends RuntimeException {

	ServerUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

	ServerUnavailable(String message) {
		super(message);
	}

}
