package io.imagebatch.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A batch as the provider describes it. Everything in it came from the gateway and was
 * checked on the way in: ids are short printable text, the status lower-case letters and
 * underscores only.
 *
 * @param id the provider's id of the batch
 * @param status {@code validating}, {@code in_progress}, {@code finalizing},
 * {@code completed}, {@code failed}, {@code expired}, {@code cancelling},
 * {@code cancelled}, or whatever else the provider says
 * @param endpoint the API path every line calls, e.g. {@code /v1/images/generations}
 * @param inputFileId the file of requests
 * @param outputFileId the file of successful answers, once there is one
 * @param errorFileId the file of failed and unexecuted requests, once there is one
 * @param counts how many requests it holds and how many are done
 * @param errors why the provider refused the batch as a whole, when it did
 * @param metadata what the batch was created with
 */
public record ProviderBatch(String id, String status, @Nullable String endpoint, @Nullable String inputFileId,
		@Nullable String outputFileId, @Nullable String errorFileId, BatchCounts counts, List<BatchError> errors,
		Map<String, String> metadata) {

	private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

	public ProviderBatch {
		errors = List.copyOf(errors);
		metadata = Map.copyOf(metadata);
	}

	/**
	 * Whether the batch has ended ({@code completed}, {@code failed}, {@code expired} or
	 * {@code cancelled}): its files will not change any more.
	 */
	public boolean ended() {
		return ENDED.contains(this.status);
	}

}
