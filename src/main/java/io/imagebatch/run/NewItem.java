package io.imagebatch.run;

import java.util.Map;

import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;

/**
 * An item as the load step writes it: PENDING with a request, or INVALID with a reason.
 *
 * @param runId its run
 * @param externalId the input's id
 * @param line the input line
 * @param request what to generate ({@code null} for an invalid row)
 * @param prompt the prompt as given (kept for invalid rows too)
 * @param invalidReason why the row is invalid ({@code null} for a valid one)
 * @param columns metadata of a valid row, or every column of an invalid one
 */
record NewItem(String runId, String externalId, long line, @Nullable ImageRequest request, @Nullable String prompt,
		@Nullable String invalidReason, Map<String, String> columns) {

	ItemStatus status() {
		return (this.request != null) ? ItemStatus.PENDING : ItemStatus.INVALID;
	}

	NewItem asDuplicate() {
		return new NewItem(this.runId, this.externalId + "@line" + this.line, this.line, null, this.prompt,
				"id '" + this.externalId + "' is used by an earlier row; ids must be unique within a run",
				this.columns);
	}

}
