package io.imagebatch.estimate;

import java.util.List;

import io.imagebatch.cost.Cost;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An estimate as {@code estimate --format json} prints it and the REST API answers it.
 * Money is a decimal string with six places; a limit that is not configured, and the time
 * when none is, are {@code null}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SpendEstimateJson(String source, String gateway, Rows rows, long alreadyDone, long images, String basis,
		String syncUsd, String batchUsd, List<ModelCost> costByModel, List<SpendEstimate.Unpriced> unpriced,
		long unpricedRows, long unpricedImages, List<SpendEstimate.InvalidRow> invalidRows, List<Time> time) {

	public static SpendEstimateJson of(SpendEstimate estimate) {
		return new SpendEstimateJson(estimate.source(), estimate.gateway(),
				new Rows(estimate.rows(), estimate.validRows(), estimate.invalidRows()), estimate.alreadyDone(),
				estimate.images(), SpendEstimate.BASIS, Cost.format(estimate.syncUsd()),
				Cost.format(estimate.batchUsd()), estimate.lines().stream().map(ModelCost::of).toList(),
				estimate.unpriced(), estimate.unpricedRows(), estimate.unpricedImages(), estimate.invalid(),
				estimate.pace().stream().map(Time::of).toList());
	}

	public record Rows(long total, long valid, long invalid) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record ModelCost(String model, String size, String quality, long rows, long images, String unitUsd,
			String syncUsd, String batchUsd, boolean pricedByUsage) {

		public static ModelCost of(SpendEstimate.Line line) {
			return new ModelCost(line.model(), line.size(), line.quality(), line.rows(), line.images(),
					Cost.format(line.unitUsd()), Cost.format(line.syncUsd()), Cost.format(line.batchUsd()),
					line.pricedByUsage());
		}

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Time(String gateway, long requests, long images, @Nullable Integer requestsPerMinute,
			@Nullable Integer imagesPerMinute, @Nullable Long seconds) {

		public static Time of(SpendEstimate.Pace pace) {
			return new Time(pace.gateway(), pace.requests(), pace.images(), pace.requestsPerMinute(),
					pace.imagesPerMinute(), (pace.time() != null) ? pace.time().toSeconds() : null);
		}

	}

}
