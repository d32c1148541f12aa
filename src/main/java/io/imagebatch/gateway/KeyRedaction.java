package io.imagebatch.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Takes the configured API keys out of what a gateway says, before anything stores, logs
 * or prints it. Some gateways echo the key they were sent in a 400 or 401 message
 * ("Incorrect API key provided: sk-…"): whole, after {@code Bearer}, cut short, or in
 * lower case (in a host name, say). A whole key becomes its {@link ApiKey#masked()
 * masked} form, and so does any word that holds {@value #ECHO_LENGTH} or more characters
 * in a row of a key, whatever their case, so an echo cut at either end is caught too. A
 * key split by a line break or other characters is not.
 */
final class KeyRedaction {

	/** No key to hide. */
	static final KeyRedaction NONE = new KeyRedaction(List.of());

	/**
	 * Characters in a row of a key that make an echo of it; fewer tell too little of a
	 * key to be worth hiding, and hiding them would garble ordinary words.
	 */
	static final int ECHO_LENGTH = 12;

	/** Shorter keys are test keys; replacing them everywhere would garble messages. */
	private static final int MIN_KEY_LENGTH = 4;

	private static final long BASE = 131;

	private static final long TOP_POWER = power(BASE, ECHO_LENGTH - 1);

	/** Longest first, so a key that starts another is not replaced inside it. */
	private final List<ApiKey> keys;

	/**
	 * Each stretch of {@link #ECHO_LENGTH} characters of a key by the rolling hash of its
	 * lower case.
	 */
	private final Map<Long, List<Stretch>> stretches = new HashMap<>();

	KeyRedaction(Collection<ApiKey> keys) {
		this.keys = keys.stream()
			.filter((key) -> key.value().length() >= MIN_KEY_LENGTH)
			.distinct()
			.sorted(Comparator.comparingInt((ApiKey key) -> key.value().length()).reversed())
			.toList();
		for (ApiKey key : this.keys) {
			String value = key.value();
			for (int start = 0; start + ECHO_LENGTH <= value.length(); start++) {
				if (isWord(value, start, start + ECHO_LENGTH)) {
					this.stretches.computeIfAbsent(hash(value, start), (hash) -> new ArrayList<>(1))
						.add(new Stretch(key, start));
				}
			}
		}
	}

	/**
	 * The failure with every key taken out of its code and message, and without a cause
	 * that would still hold one; the failure itself when it holds none.
	 */
	GatewayException redact(GatewayException failure) {
		String message = failure.getMessage();
		String code = failure.code();
		String redactedMessage = (message != null) ? redact(message) : "";
		String redactedCode = (code != null) ? redact(code) : null;
		Throwable cause = failure.getCause();
		boolean causeHoldsAKey = holdsAKey(cause);
		if (redactedMessage.equals(message) && (code == null || code.equals(redactedCode)) && !causeHoldsAKey) {
			return failure;
		}
		GatewayException redacted = new GatewayException(failure.kind(), failure.status(), redactedCode,
				redactedMessage, failure.retryAfter(), failure.rateLimits(), causeHoldsAKey ? null : cause);
		// a call paid for stays paid for: it must not be made again
		return failure.paid() ? redacted.asPaid() : redacted;
	}

	/**
	 * The text with every key, and every echo of part of one, masked.
	 * @param text what a gateway said
	 * @return the text without keys; the same instance when it held none
	 */
	String redact(String text) {
		if (this.keys.isEmpty()) {
			return text;
		}
		String whole = text;
		for (ApiKey key : this.keys) {
			if (whole.contains(key.value())) {
				whole = whole.replace(key.value(), key.masked());
			}
		}
		return maskEchoes(whole);
	}

	private boolean holdsAKey(@Nullable Throwable cause) {
		for (Throwable next = cause; next != null; next = next.getCause()) {
			String message = next.getMessage();
			if (message != null && !redact(message).equals(message)) {
				return true;
			}
			if (next.getCause() == next) {
				break;
			}
		}
		return false;
	}

	/**
	 * Reads the text once, keeping a rolling hash of its last {@link #ECHO_LENGTH} word
	 * characters, so a text of megabytes costs no more than reading it.
	 */
	private String maskEchoes(String text) {
		StringBuilder masked = null;
		int copiedUpTo = 0;
		long hash = 0;
		int wordStart = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isWordCharacter(c)) {
				hash = 0;
				wordStart = i + 1;
				continue;
			}
			int length = i - wordStart + 1;
			hash = (length > ECHO_LENGTH) ? (hash - lower(text.charAt(i - ECHO_LENGTH)) * TOP_POWER) * BASE + lower(c)
					: hash * BASE + lower(c);
			if (length < ECHO_LENGTH) {
				continue;
			}
			ApiKey echoed = echoed(text, i - ECHO_LENGTH + 1, hash);
			if (echoed != null) {
				int wordEnd = i + 1;
				while (wordEnd < text.length() && isWordCharacter(text.charAt(wordEnd))) {
					wordEnd++;
				}
				if (masked == null) {
					masked = new StringBuilder(text.length());
				}
				masked.append(text, copiedUpTo, wordStart).append(echoed.masked());
				copiedUpTo = wordEnd;
				i = wordEnd - 1;
				hash = 0;
				wordStart = wordEnd;
			}
		}
		if (masked == null) {
			return text;
		}
		return masked.append(text, copiedUpTo, text.length()).toString();
	}

	private @Nullable ApiKey echoed(String text, int start, long hash) {
		List<Stretch> candidates = this.stretches.get(hash);
		if (candidates == null) {
			return null;
		}
		for (Stretch stretch : candidates) {
			if (text.regionMatches(true, start, stretch.key().value(), stretch.start(), ECHO_LENGTH)) {
				return stretch.key();
			}
		}
		return null;
	}

	private static boolean isWord(String value, int start, int end) {
		for (int i = start; i < end; i++) {
			if (!isWordCharacter(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** What keys are made of: letters, digits and the separators keys use. */
	private static boolean isWordCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == '+' || c == '/' || c == '=';
	}

	private static long hash(String value, int start) {
		long hash = 0;
		for (int i = start; i < start + ECHO_LENGTH; i++) {
			hash = hash * BASE + lower(value.charAt(i));
		}
		return hash;
	}

	private static char lower(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

	private static long power(long base, int exponent) {
		long result = 1;
		for (int i = 0; i < exponent; i++) {
			result *= base;
		}
		return result;
	}

	/**
	 * {@link #ECHO_LENGTH} characters of a key from {@code start}.
	 *
	 * @param key the key
	 * @param start where in the key they begin
	 */
	private record Stretch(ApiKey key, int start) {

	}

}
