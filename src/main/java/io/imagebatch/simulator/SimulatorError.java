package io.imagebatch.simulator;

/**
 * A refusal in the OpenAI error shape ({@code {"error":{"type","code","message"}}}),
 * thrown from anywhere in request handling and written by one place.
 */
final class SimulatorError extends RuntimeException {

	private final int status;

	private final String type;

	private final String code;

	private final long messagePadding;

	SimulatorError(int status, String type, String code, String message) {
		this(status, type, code, message, 0);
	}

	private SimulatorError(int status, String type, String code, String message, long messagePadding) {
		// No stack trace: these are answers, not faults, and load tests produce many.
		super(message, null, false, false);
		this.status = status;
		this.type = type;
		this.code = code;
		this.messagePadding = messagePadding;
	}

	static SimulatorError invalidRequest(String code, String message) {
		return new SimulatorError(400, "invalid_request_error", code, message);
	}

	/**
	 * The same refusal in other words.
	 * @param code the new {@code error.code}
	 * @param message the new {@code error.message}
	 * @param messagePadding bytes of filler written after the message, never held
	 */
	SimulatorError withText(String code, String message, long messagePadding) {
		return new SimulatorError(this.status, this.type, code, message, messagePadding);
	}

	int status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

	String code() {
		return this.code;
	}

	/** Bytes of filler that follow the message when it is written. */
	long messagePadding() {
		return this.messagePadding;
	}

}
