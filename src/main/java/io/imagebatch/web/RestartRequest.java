package io.imagebatch.web;

import java.math.BigDecimal;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A restart, optionally with a new spending cap.
 *
 * @param budgetUsd the new cap; the run's own when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RestartRequest(@Nullable @Positive BigDecimal budgetUsd) {

}
