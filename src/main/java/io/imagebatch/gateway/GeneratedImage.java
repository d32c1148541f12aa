package io.imagebatch.gateway;

import io.imagebatch.system.Spool;
import org.jspecify.annotations.Nullable;

/**
 * One image of a gateway response: either its bytes (from {@code b64_json} or a data URL)
 * or a short-lived URL that must be downloaded at once.
 */
public sealed interface GeneratedImage {

	/** The prompt as the model rewrote it, when it did. */
	@Nullable String revisedPrompt();

	/** The same image with the model's rewritten prompt. */
	GeneratedImage withRevisedPrompt(String revisedPrompt);

	/** Frees what holds inline bytes; a URL holds nothing. */
	default void close() {
	}

	/**
	 * Image bytes that came inline, spooled as they were decoded.
	 *
	 * @param content the decoded bytes
	 * @param revisedPrompt the rewritten prompt, if any
	 */
	record Inline(Spool content, @Nullable String revisedPrompt) implements GeneratedImage {

		@Override
		public Inline withRevisedPrompt(String revisedPrompt) {
			return new Inline(this.content, revisedPrompt);
		}

		@Override
		public void close() {
			this.content.close();
		}

	}

	/**
	 * An image to download from the gateway before the URL expires.
	 *
	 * @param url where the image is, as the gateway wrote it: untrusted text, checked
	 * when it is downloaded
	 * @param revisedPrompt the rewritten prompt, if any
	 */
	record Remote(String url, @Nullable String revisedPrompt) implements GeneratedImage {

		@Override
		public Remote withRevisedPrompt(String revisedPrompt) {
			return new Remote(this.url, revisedPrompt);
		}

	}

}
