package io.imagebatch.web;

import java.math.BigDecimal;

import io.imagebatch.input.RowDefaults;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The form fields that come with an uploaded CSV file, named as the JSON request names
 * them: defaults for the columns rows leave empty, and the run's settings.
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
 * @param gateway the gateway to call
 * @param budgetUsd stop before the call that would take spending past this
 * @param concurrency calls in flight at most
 * @param name a name for the run, the file's name when absent
 * @param mode {@code sync} or {@code batch}; the gateway's {@code mode} setting when
 * absent
 */
public record UploadForm(@Nullable String model, @Nullable String size, @Nullable String quality,
		@Nullable String style, @Nullable @Min(1) @Max(10) Integer n, @Nullable String background,
		@Nullable String moderation, @BindParam("output_format") @Nullable String outputFormat,
		@BindParam("response_format") @Nullable String responseFormat, @Nullable String gateway,
		@BindParam("budget_usd") @Nullable @Positive BigDecimal budgetUsd, @Nullable @Min(1) Integer concurrency,
		@Nullable @Size(max = 200) String name, @Nullable String mode) {

	RowDefaults defaults() {
		return new RowDefaults(this.model, this.size, this.quality, this.style, this.n, this.background,
				this.moderation, this.outputFormat, this.responseFormat);
	}

}
