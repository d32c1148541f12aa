package io.imagebatch.simulator;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code /v1/chat/completions} for an image model, as OpenRouter writes it:
 * one choice whose message carries the image as a data URL.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatAnswer(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Choice(int index, Message message, String finishReason) {

	}

	record Message(String role, String content, List<Image> images) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Image(String type, ImageUrl imageUrl) {

	}

	record ImageUrl(String url) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Usage(long promptTokens, long completionTokens, long totalTokens,
			CompletionTokensDetails completionTokensDetails) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record CompletionTokensDetails(long reasoningTokens, long imageTokens, long audioTokens) {

	}

}
