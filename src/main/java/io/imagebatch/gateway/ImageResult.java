package io.imagebatch.gateway;

import java.util.List;

import io.imagebatch.ratelimit.RateLimitHeaders;
import org.jspecify.annotations.Nullable;

/**
 * What a gateway answered to one successful call. Inline images are spooled, possibly to
 * temporary files: close the result once they are stored.
 *
 * @param images the images, in the gateway's order
 * @param usage token usage when the gateway reported it
 * @param created the gateway's creation timestamp (seconds), when sent
 * @param rateLimits what the gateway said about its limits
 */
public record ImageResult(List<GeneratedImage> images, @Nullable Usage usage, @Nullable Long created,
		RateLimitHeaders rateLimits) implements AutoCloseable {

	public ImageResult {
		images = List.copyOf(images);
	}

	public ImageResult(List<GeneratedImage> images, @Nullable Usage usage, @Nullable Long created) {
		this(images, usage, created, RateLimitHeaders.NONE);
	}

	@Override
	public void close() {
		this.images.forEach(GeneratedImage::close);
	}

}
