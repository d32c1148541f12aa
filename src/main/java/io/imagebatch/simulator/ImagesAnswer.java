package io.imagebatch.simulator;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code /v1/images/generations} as OpenAI writes it; {@code usage} only
 * from the models that report it.
 *
 * @param created when, in seconds since the epoch
 * @param data the images
 * @param usage the tokens the call was charged for
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImagesAnswer(long created, List<Image> data, @Nullable Usage usage) {

	/**
	 * One image: inline base64 or a URL; a rewritten prompt from {@code dall-e-3}.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Image(@Nullable String b64Json, @Nullable String url, @Nullable String revisedPrompt) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Usage(long totalTokens, long inputTokens, long outputTokens, InputTokensDetails inputTokensDetails) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record InputTokensDetails(long textTokens, long imageTokens) {

	}

}
