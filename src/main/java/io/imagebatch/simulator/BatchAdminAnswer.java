package io.imagebatch.simulator;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** What {@code GET /admin/batches} shows: the {@link BatchCounts}, then every batch. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BatchAdminAnswer(long filesUploaded, long batchesCreated, long batchesCancelled, long filesDeleted,
		List<BatchAnswer.Summary> batches) {

	static BatchAdminAnswer of(BatchCounts counts, List<BatchAnswer.Summary> batches) {
		return new BatchAdminAnswer(counts.filesUploaded(), counts.batchesCreated(), counts.batchesCancelled(),
				counts.filesDeleted(), batches);
	}

}
