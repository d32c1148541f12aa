package io.imagebatch.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLine;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run's report as {@code report --format json} prints it and the REST API answers it
 * (DESIGN §2.1). Money is a decimal string with six places; the reason and the manifest
 * are left out when there are none, every other field is always there. {@code mode} is
 * how the run's calls are made ({@code sync} or {@code batch}); {@code saved_usd} what
 * its batch calls cost less than synchronous ones would have.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunReportJson(String run, String status, @JsonInclude(Include.NON_NULL) @Nullable String statusReason,
		Items items, long images, String costUsd, long unpricedImages, List<ModelCost> costByModel,
		Map<String, Long> failuresByType, String imagesLocation, Lineage lineage,
		@JsonInclude(Include.NON_NULL) @Nullable String manifest, String mode, String savedUsd) {

	public static RunReportJson of(RunReport report) {
		ItemCounts counts = report.items();
		Map<String, Long> failures = new LinkedHashMap<>();
		report.failuresByType().forEach((type, count) -> failures.put(type.name(), count));
		return new RunReportJson(report.run().id(), report.run().status().name(), report.run().statusReason(),
				new Items(counts.total(), counts.succeeded(), counts.failed(), counts.invalid(),
						counts.pending() + counts.inFlight()),
				report.images(), Cost.format(report.costUsd()), report.unpricedImages(),
				report.costByModel().stream().map(ModelCost::of).toList(), failures, report.imageLocation(),
				Lineage.of(report.lineage()), report.manifestLocation(), report.run().mode().id(),
				Cost.format(report.savedUsd()));
	}

	public record Items(long total, long succeeded, long failed, long invalid, long pending) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record ModelCost(String model, String size, String quality, long images, String costUsd, long unpricedImages,
			String mode, String savedUsd) {

		public static ModelCost of(CostLine line) {
			return new ModelCost(line.model(), line.size(), line.quality(), line.images(), Cost.format(line.usd()),
					line.unpricedImages(), line.mode().id(), Cost.format(line.savedUsd()));
		}

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Lineage(@Nullable String resubmits, long itemsRetried, long itemsRetriedMoreThanOnce,
			String retryCostUsd, List<ResubmittedRun> resubmissions) {

		public static Lineage of(RunLineage lineage) {
			return new Lineage(lineage.resubmits(), lineage.itemsRetried(), lineage.itemsRetriedMoreThanOnce(),
					Cost.format(lineage.retryCostUsd()),
					lineage.resubmissions().stream().map(ResubmittedRun::of).toList());
		}

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record ResubmittedRun(String run, @Nullable String retries, String status, long items, long succeeded,
			long failed, long invalid, String costUsd) {

		public static ResubmittedRun of(RunLineage.Resubmitted resubmission) {
			ItemCounts items = resubmission.items();
			return new ResubmittedRun(resubmission.run().id(), resubmission.run().parentRunId(),
					resubmission.run().status().name(), items.total(), items.succeeded(), items.failed(),
					items.invalid(), Cost.format(resubmission.costUsd()));
		}

	}

}
