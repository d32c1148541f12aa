package io.imagebatch.cli;

/**
 * The server did not accept the login ({@code 401}), or the user's roles do not allow the
 * request ({@code 403}).
 */
final class LoginRefused extends RuntimeException {

	LoginRefused(String message) {
		super(message);
	}

}
