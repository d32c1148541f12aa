package io.imagebatch.simulator;

import io.imagebatch.catalog.Model;
import org.jspecify.annotations.Nullable;

/**
 * A generation request that passed validation, with the model's defaults applied.
 *
 * @param requestedModel the model id as sent (a provider prefix is kept)
 * @param model the catalog model it resolved to
 * @param prompt the prompt
 * @param n number of images
 * @param size {@code WIDTHxHEIGHT} or {@code auto}
 * @param quality quality, {@code null} when the model takes none
 * @param background background, {@code null} when not sent
 * @param responseFormat {@code url} or {@code b64_json}, or {@value #DATA_URL} for a chat
 * completion
 */
record GenerationRequest(String requestedModel, Model model, String prompt, int n, String size,
		@Nullable String quality, @Nullable String background, String responseFormat) {

	/**
	 * How chat completions answer: a {@code data:image/png;base64,} URL in the message.
	 */
	static final String DATA_URL = "data_url";

	boolean transparent() {
		return "transparent".equals(this.background);
	}

	boolean reportsUsage() {
		return this.model.id().startsWith("gpt-image");
	}

}
