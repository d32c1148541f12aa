package io.imagebatch.gateway.simulator;

/**
 * A refusal in the OpenAI error shape ({@code {"error":{"type","code","message"}}}),
 * thrown from anywhere in request handling and written by one place.
 */
final class SimulatorError extends RuntimeException {

	private final int status;

	private final String type;

	private final String code;

	SimulatorError(int status, String type, String code, String message) {
		// No stack trace: these are answers, not faults, and load tests produce many.
		super(message, null, false, false);
		this.status = status;
		this.type = type;
		this.code = code;
	}

	static SimulatorError invalidRequest(String code, String message) {
		return new SimulatorError(400, "invalid_request_error", code, message);
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

}
