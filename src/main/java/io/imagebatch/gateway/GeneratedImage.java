package io.imagebatch.gateway;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * One image of a gateway response: either its bytes (from {@code b64_json} or a data URL)
 * or a short-lived URL that must be downloaded at once.
 */
public sealed interface GeneratedImage {

	/** The prompt as the model rewrote it, when it did. */
	@Nullable String revisedPrompt();

	/**
	 * Image bytes that came inline.
	 *
	 * @param bytes the decoded bytes
	 * @param revisedPrompt the rewritten prompt, if any
	 */
	record Inline(byte[] bytes, @Nullable String revisedPrompt) implements GeneratedImage {
	}

	/**
	 * An image to download from the gateway before the URL expires.
	 *
	 * @param url where the image is
	 * @param revisedPrompt the rewritten prompt, if any
	 */
	record Remote(URI url, @Nullable String revisedPrompt) implements GeneratedImage {
	}

}
