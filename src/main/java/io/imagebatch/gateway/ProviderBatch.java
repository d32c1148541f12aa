package io.imagebatch.gateway;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

public record ProviderBatch(String id, String status, @Nullable String endpoint, @Nullable String inputFileId,
		@Nullable String outputFileId, @Nullable String errorFileId, BatchCounts counts, List<BatchError> errors,
		Map<String, String> metadata) {

	public boolean ended() {
		return switch (this.status) {
			case "completed", "failed", "expired", "cancelled" -> true;
			default -> false;
		};
	}

}
