package io.imagebatch.gateway;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.imagebatch.ratelimit.RateLimitHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a gateway says when it refuses a call: the body
 * {@code {"error":{"message","type","code"}}} of an HTTP error answer, or the same object
 * inside a line of a provider batch's error file.
 */
final class ErrorAnswers {

	/** What is kept of a message or body shown in its place. */
	static final int MAX_ERROR_MESSAGE = 500;

	/**
	 * Error answers are read this far: enough for any real message, and only a few error
	 * answers are read at once. What is stored of them is cut much shorter.
	 */
	static final int MAX_ERROR_BODY = 8 * 1024 * 1024;

	private ErrorAnswers() {
	}

	/**
	 * The failure an error answer stands for, classified by its status and the gateway's
	 * code.
	 */
	static GatewayException read(BoundedHttp.Exchange exchange, RateLimitHeaders rateLimits, JsonMapper json) {
		String body = exchange.text(MAX_ERROR_BODY);
		Map<String, String> fields = fields(body, json);
		int status = exchange.status();
		return new GatewayException(GatewayErrors.classify(status, code(fields)), status, code(fields),
				message(fields, status, body), HttpImageGateway.retryAfter(exchange::header), rateLimits, null);
	}

	/** {@code error.code}, or failing that {@code error.type}. */
	static @Nullable String code(Map<String, String> fields) {
		return (fields.get("code") != null) ? fields.get("code") : fields.get("type");
	}

	/** {@code error.message}, or the start of the body when there is none. */
	static String message(Map<String, String> fields, int status, String body) {
		String message = fields.get("message");
		if (message != null) {
			return message;
		}
		return "HTTP " + status + (body.isBlank() ? "" : ": " + excerpt(body));
	}

	/**
	 * {@code error.code}, {@code .type} and {@code .message}, read as a stream so that
	 * whatever came before a break (a body cut at the read limit, or not JSON after all)
	 * is kept.
	 */
	static Map<String, String> fields(String body, JsonMapper json) {
		Map<String, String> fields = new HashMap<>();
		try (JsonParser parser = json.createParser(body)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				String path = parser.streamReadContext().pathAsPointer().toString();
				if (token == JsonToken.VALUE_STRING && path.startsWith("/error/")) {
					fields.putIfAbsent(path.substring("/error/".length()), parser.getString());
				}
			}
		}
		catch (JacksonException ex) {
			// not JSON, or cut short: what was read is the best there is
		}
		return fields;
	}

	static String excerpt(String text) {
		String stripped = text.strip();
		return (stripped.length() > MAX_ERROR_MESSAGE) ? stripped.substring(0, MAX_ERROR_MESSAGE) + "…" : stripped;
	}

	/** A failed exchange for a message: its type and what it said, never a header. */
	static String describe(IOException ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
	}

}
