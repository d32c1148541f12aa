package io.imagebatch.cli;

import io.imagebatch.input.InputException;

/**
 * Which failures are the user's to fix by changing the command (exit code 64).
 */
final class UsageErrors {

	private UsageErrors() {
	}

	static boolean isUsage(Throwable ex) {
		return ex instanceof InputException || ex instanceof IllegalArgumentException;
	}

}
