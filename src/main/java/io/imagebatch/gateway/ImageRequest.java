package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

/**
 * One call's worth of image generation, with model defaults already applied. Optional
 * fields are {@code null} when neither the row nor the defaults set them; the client
 * sends only what the model accepts.
 *
 * @param model model id as the gateway knows it (a provider prefix such as
 * {@code openai/} is kept)
 * @param prompt the text prompt
 * @param n number of images
 * @param size {@code WIDTHxHEIGHT} or {@code auto}
 * @param quality quality level
 * @param style style (dall-e-3)
 * @param background background (gpt-image models)
 * @param moderation moderation level (gpt-image models)
 * @param outputFormat png, jpeg or webp (gpt-image models)
 * @param responseFormat {@code url} or {@code b64_json}
 * @param user end-user identifier for abuse tracking
 * @param image input image(s) to edit: a URL or base64, or a JSON array of them
 */
public record ImageRequest(String model, String prompt, int n, @Nullable String size, @Nullable String quality,
		@Nullable String style, @Nullable String background, @Nullable String moderation, @Nullable String outputFormat,
		@Nullable String responseFormat, @Nullable String user, @Nullable String image) {

	public ImageRequest {
		if (n < 1) {
			throw new IllegalArgumentException("n must be at least 1, was " + n);
		}
	}

	/** The simplest request: one image, everything else left to the model. */
	public static ImageRequest of(String model, String prompt) {
		return new ImageRequest(model, prompt, 1, null, null, null, null, null, null, null, null);
	}

	/** A request that edits no input image. */
	public ImageRequest(String model, String prompt, int n, @Nullable String size, @Nullable String quality,
			@Nullable String style, @Nullable String background, @Nullable String moderation,
			@Nullable String outputFormat, @Nullable String responseFormat, @Nullable String user) {
		this(model, prompt, n, size, quality, style, background, moderation, outputFormat, responseFormat, user, null);
	}

}
