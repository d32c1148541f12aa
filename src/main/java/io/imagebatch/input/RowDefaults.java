package io.imagebatch.input;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/**
	 * The defaults that are set, by the name of the column they fill, in column order:
	 * what a page or a terminal shows of them.
	 */
	public Map<String, Object> columns() {
		Map<String, @Nullable Object> all = new LinkedHashMap<>();
		all.put("model", this.model);
		all.put("size", this.size);
		all.put("quality", this.quality);
		all.put("style", this.style);
		all.put("n", this.n);
		all.put("background", this.background);
		all.put("moderation", this.moderation);
		all.put("output_format", this.outputFormat);
		all.put("response_format", this.responseFormat);
		Map<String, Object> set = new LinkedHashMap<>();
		all.forEach((column, value) -> {
			if (value != null) {
				set.put(column, value);
			}
		});
		return set;
	}

}
