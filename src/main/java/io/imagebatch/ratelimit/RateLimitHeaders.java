package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a gateway said about its limits in {@code x-ratelimit-*} headers, for requests and
 * for images. Any part may be missing; gateways differ.
 *
 * @param requests the request window
 * @param images the image window
 */
public record RateLimitHeaders(Window requests, Window images) {

	private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

	/** No headers at all. */
	public static final RateLimitHeaders NONE = new RateLimitHeaders(Window.NONE, Window.NONE);

	/**
	 * Reads the headers through a lookup (header name → first value).
	 * @param header the lookup
	 * @return what they say
	 */
	public static RateLimitHeaders from(Function<String, Optional<String>> header) {
		return new RateLimitHeaders(window(header, "requests"), window(header, "images"));
	}

	private static Window window(Function<String, Optional<String>> header, String kind) {
		return new Window(number(header.apply("x-ratelimit-limit-" + kind)),
				number(header.apply("x-ratelimit-remaining-" + kind)),
				header.apply("x-ratelimit-reset-" + kind).map(RateLimitHeaders::duration).orElse(null));
	}

	private static @Nullable Long number(Optional<String> value) {
		try {
			return value.map(String::trim).map(Long::parseLong).orElse(null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Parses OpenAI's reset format: {@code 20ms}, {@code 1s}, {@code 6m0s},
	 * {@code 1h2m3.5s}, or plain seconds.
	 */
	static @Nullable Duration duration(String value) {
		String text = value.trim();
		if (text.matches("\\d+(\\.\\d+)?")) {
			return Duration.ofMillis((long) (Double.parseDouble(text) * 1000));
		}
		Matcher matcher = DURATION_PART.matcher(text);
		long millis = 0;
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() != end) {
				return null;
			}
			double amount = Double.parseDouble(matcher.group(1));
			millis += (long) switch (matcher.group(2)) {
				case "h" -> amount * 3_600_000;
				case "m" -> amount * 60_000;
				case "s" -> amount * 1000;
				default -> amount;
			};
			end = matcher.end();
		}
		return (end == text.length() && end > 0) ? Duration.ofMillis(millis) : null;
	}

	/**
	 * One window of a gateway's limit.
	 *
	 * @param limit the limit, if said
	 * @param remaining what is left, if said
	 * @param reset when it is full again, if said
	 */
	public record Window(@Nullable Long limit, @Nullable Long remaining, @Nullable Duration reset) {

		static final Window NONE = new Window(null, null, null);

		boolean exhausted() {
			return this.remaining != null && this.remaining <= 0;
		}

	}

}
