package io.imagebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;

/**
 * Who is calling: the one check of bearer keys for every authenticated route, synchronous
 * or batch.
 */
final class BearerKeys {

	private BearerKeys() {
	}

	/** The bearer key the request presents, or empty. */
	static String presented(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		return (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) ? header.substring(7).strip() : "";
	}

	/**
	 * @return the key, when it may call
	 * @throws SimulatorError 401 for a missing or unknown key, 403 for a forbidden one
	 */
	static String authenticate(String key, SimulatorProperties settings) {
		if (key.isEmpty()) {
			throw new SimulatorError(401, "authentication_error", "invalid_api_key",
					"You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_KEY'.");
		}
		// Error bodies end up in logs: only echo-key puts the key in them.
		if (isAmong(key, settings.forbiddenKeys())) {
			throw new SimulatorError(403, "permission_error", "insufficient_permissions",
					"The API key provided does not have access to this resource.");
		}
		if (!settings.apiKeys().isEmpty() && !isAmong(key, settings.apiKeys())) {
			throw new SimulatorError(401, "authentication_error", "invalid_api_key", "Incorrect API key provided.");
		}
		return key;
	}

	private static boolean isAmong(String key, List<String> keys) {
		byte[] presented = key.getBytes(StandardCharsets.UTF_8);
		boolean found = false;
		for (String candidate : keys) {
			found |= MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), presented);
		}
		return found;
	}

}
