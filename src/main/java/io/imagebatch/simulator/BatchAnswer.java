package io.imagebatch.simulator;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A batch object of the Batches API; every time is in seconds since the epoch, or
 * {@code null} when the batch has not been there.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BatchAnswer(String id, String object, String endpoint, @Nullable Errors errors, String inputFileId,
		String completionWindow, String status, @Nullable String outputFileId, @Nullable String errorFileId,
		long createdAt, @Nullable Long inProgressAt, long expiresAt, @Nullable Long finalizingAt,
		@Nullable Long completedAt, @Nullable Long failedAt, @Nullable Long expiredAt, @Nullable Long cancellingAt,
		@Nullable Long cancelledAt, RequestCounts requestCounts, Map<String, String> metadata) {

	/** Why validation failed. */
	record Errors(String object, List<LineError> data) {

	}

	/**
	 * One problem with the input file.
	 *
	 * @param line the line it is on, counted from 1; {@code null} for the whole file
	 */
	record LineError(String code, String message, @Nullable String param, @Nullable Integer line) {

	}

	/**
	 * @param total the requests in the input file
	 * @param completed the requests answered 2xx
	 * @param failed the requests executed and answered otherwise
	 */
	record RequestCounts(long total, long completed, long failed) {

	}

	/** A batch as {@code GET /admin/batches} shows it. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Summary(String id, String status, String inputFileId, String endpoint, RequestCounts requestCounts,
			Map<String, String> metadata) {

	}

}
