package io.imagebatch.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.imagebatch.run.ErrorType;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Which failed items of a run to run again, and how to change them first: the choices of
 * {@code resubmit} on the command line.
 *
 * @param errorTypes only items of these error types; all when absent
 * @param items only these items, by their id from the input
 * @param set column values set on every chosen item; an empty value removes the column
 * @param edits column values per item id, on top of {@code set}
 * @param gateway the gateway to call, the parent run's when absent
 * @param budgetUsd stop before the call that would take spending past this
 * @param concurrency calls in flight at most, the parent run's when absent
 * @param name a name for the new run
 * @param mode {@code sync} or {@code batch}, the parent run's mode when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResubmitRequest(@Nullable List<ErrorType> errorTypes, @Nullable List<String> items,
		@Nullable Map<String, String> set, @Nullable Map<String, Map<String, String>> edits, @Nullable String gateway,
		@Nullable @Positive BigDecimal budgetUsd, @Nullable @Min(1) Integer concurrency,
		@Nullable @Size(max = 200) String name, @Nullable String mode) {

}
