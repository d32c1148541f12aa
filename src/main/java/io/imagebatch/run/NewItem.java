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
 * @param model the model of the request, or the one an invalid row names when an item can
 * hold it
 * @param invalidReason why the row is invalid ({@code null} for a valid one)
 * @param columns metadata of a valid row, or every column of an invalid one
 */
record NewItem(String runId, String externalId, long line, @Nullable ImageRequest request, @Nullable String prompt,
		@Nullable String model, @Nullable String invalidReason, Map<String, String> columns) {

	ItemStatus status() {
		return (this.request != null) ? ItemStatus.PENDING : ItemStatus.INVALID;
	}

	/**
	 * The item again as INVALID under a derived id, {@code <id>@line<N>}, because an
	 * earlier row took its id. Should a row have taken that one too, the
	 * {@code attempt}-th try adds {@code -<attempt>}.
	 * @param originalId the id the row was loaded with
	 * @param attempt 1 for the first try
	 * @return the invalid item
	 */
	NewItem asDuplicate(String originalId, int attempt) {
		String derived = originalId + "@line" + this.line + ((attempt > 1) ? "-" + attempt : "");
		return new NewItem(this.runId, derived, this.line, null, this.prompt, this.model,
				"id '" + originalId + "' is used by an earlier row; ids must be unique within a run", this.columns);
	}

}
