package io.imagebatch.input;

import org.jspecify.annotations.Nullable;

/**
 * Values for columns a row leaves empty, usually from the command line
 * ({@code --model --size ...}). A value in the row always wins. A default for a field the
 * row's model does not take at all (say {@code --style} for gpt-image-1) is not applied,
 * so one set of defaults serves a CSV that mixes models.
 *
 * @param model model id
 * @param size size
 * @param quality quality
 * @param style style
 * @param n number of images
 * @param background background
 * @param moderation moderation level
 * @param outputFormat output format
 * @param responseFormat response format
 */
public record RowDefaults(@Nullable String model, @Nullable String size, @Nullable String quality,
		@Nullable String style, @Nullable Integer n, @Nullable String background, @Nullable String moderation,
		@Nullable String outputFormat, @Nullable String responseFormat) {

	/** No defaults: every value comes from the row or the model. */
	public static final RowDefaults NONE = new RowDefaults(null, null, null, null, null, null, null, null, null);

}
