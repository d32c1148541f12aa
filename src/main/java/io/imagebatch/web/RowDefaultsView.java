package io.imagebatch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.input.RowDefaults;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Values for the columns a run's rows leave empty, named as the CSV columns are.
 *
 * @param model model id
 * @param size size
 * @param quality quality
 * @param style style
 * @param n images per row
 * @param background background
 * @param moderation moderation level
 * @param outputFormat output format
 * @param responseFormat response format
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record RowDefaultsView(@Nullable String model, @Nullable String size, @Nullable String quality,
		@Nullable String style, @Nullable @Min(1) @Max(10) Integer n, @Nullable String background,
		@Nullable String moderation, @Nullable String outputFormat, @Nullable String responseFormat) {

	static RowDefaultsView of(RowDefaults defaults) {
		return new RowDefaultsView(defaults.model(), defaults.size(), defaults.quality(), defaults.style(),
				defaults.n(), defaults.background(), defaults.moderation(), defaults.outputFormat(),
				defaults.responseFormat());
	}

	/** The defaults this view shows. */
	public RowDefaults toDefaults() {
		return new RowDefaults(this.model, this.size, this.quality, this.style, this.n, this.background,
				this.moderation, this.outputFormat, this.responseFormat);
	}

}
