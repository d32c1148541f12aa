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
 */
public record ImageRequest(String model, String prompt, int n, @Nullable String size, @Nullable String quality,
		@Nullable String style, @Nullable String background, @Nullable String moderation, @Nullable String outputFormat,
		@Nullable String responseFormat, @Nullable String user) {

	public ImageRequest {
		if (n < 1) {
			throw new IllegalArgumentException("n must be at least 1, was " + n);
		}
	}

	public static ImageRequest of(String model, String prompt) {
		return new ImageRequest(model, prompt, 1, null, null, null, null, null, null, null, null);
	}

	public ImageRequest withN(int n) {
		return new ImageRequest(this.model, this.prompt, n, this.size, this.quality, this.style, this.background,
				this.moderation, this.outputFormat, this.responseFormat, this.user);
	}

	public ImageRequest withSize(@Nullable String size) {
		return new ImageRequest(this.model, this.prompt, this.n, size, this.quality, this.style, this.background,
				this.moderation, this.outputFormat, this.responseFormat, this.user);
	}

	public ImageRequest withQuality(@Nullable String quality) {
		return new ImageRequest(this.model, this.prompt, this.n, this.size, quality, this.style, this.background,
				this.moderation, this.outputFormat, this.responseFormat, this.user);
	}

	public ImageRequest withResponseFormat(@Nullable String responseFormat) {
		return new ImageRequest(this.model, this.prompt, this.n, this.size, this.quality, this.style, this.background,
				this.moderation, this.outputFormat, responseFormat, this.user);
	}

}
