package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

public sealed interface BatchLineOutcome {

	record Answered(String customId, ImageResult result) implements BatchLineOutcome {
	}

	record Failed(String customId, GatewayException error) implements BatchLineOutcome {
	}

	record NotRun(String customId, @Nullable String code, String message) implements BatchLineOutcome {
	}

	record Unreadable(@Nullable String customId, String reason) implements BatchLineOutcome {
	}

}
