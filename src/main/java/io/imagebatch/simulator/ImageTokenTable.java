package io.imagebatch.simulator;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Output image tokens per generated image of the gpt-image models, from OpenAI's
 * published table. The simulator reports {@code usage} with these numbers so cost
 * computed from tokens can be checked against the per-image price list.
 */
final class ImageTokenTable {

	private static final String DEFAULT_SIZE = "1024x1024";

	private static final String DEFAULT_QUALITY = "medium";

	private static final Map<String, Map<String, Long>> TOKENS = Map.of("1024x1024",
			Map.of("low", 272L, "medium", 1056L, "high", 4160L), "1024x1536",
			Map.of("low", 408L, "medium", 1584L, "high", 6240L), "1536x1024",
			Map.of("low", 400L, "medium", 1568L, "high", 6208L));

	private ImageTokenTable() {
	}

	/**
	 * Tokens for one image. {@code auto} (or nothing) means 1024x1024 and medium, which
	 * is what the models pick for a plain text prompt; sizes outside the table count as
	 * 1024x1024 rather than failing a request the catalog already accepted.
	 */
	static long outputTokensPerImage(@Nullable String size, @Nullable String quality) {
		Map<String, Long> bySize = TOKENS.get((size != null && TOKENS.containsKey(size)) ? size : DEFAULT_SIZE);
		return bySize.get((quality != null && bySize.containsKey(quality)) ? quality : DEFAULT_QUALITY);
	}

	/**
	 * Prompt text tokens, approximated as OpenAI's rule of thumb of four characters each.
	 */
	static long inputTextTokens(String prompt) {
		return (prompt.length() + 3) / 4;
	}

}
