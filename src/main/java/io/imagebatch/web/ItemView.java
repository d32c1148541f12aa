package io.imagebatch.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.run.StoredImage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An item of a run as the API shows it, with its stored images and where to download
 * each.
 *
 * @param id the item's id from the input (its line number when the input had none)
 * @param line the input line it came from
 * @param status where it is
 * @param model its model
 * @param size its size
 * @param quality its quality
 * @param prompt its prompt
 * @param attempts calls made for it
 * @param errorType why it did not succeed
 * @param errorCode the gateway's code, if any
 * @param errorMessage the reason
 * @param retryOf the id of the item of the parent run it retries
 * @param images its stored images
 * @param itemId the item's number in imagebatch, as {@code imagebatch failures} shows it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record ItemView(String id, long line, String status, @Nullable String model, @Nullable String size,
		@Nullable String quality, @Nullable String prompt, int attempts, @Nullable String errorType,
		@Nullable String errorCode, @Nullable String errorMessage, @Nullable String retryOf, List<Image> images,
		long itemId) {

	static ItemView of(String runId, ItemSnapshot item) {
		return new ItemView(item.externalId(), item.line(), item.status().name(), item.model(), item.size(),
				item.quality(), item.prompt(), item.attempts(),
				(item.errorType() != null) ? item.errorType().name() : null, item.errorCode(), item.errorMessage(),
				item.retryOf(),
				item.images().stream().map((image) -> Image.of(runId, item.externalId(), image)).toList(), item.id());
	}

	/**
	 * A stored image.
	 *
	 * @param index its position in the answer
	 * @param key its object key
	 * @param contentType its content type
	 * @param bytes its size
	 * @param sha256 hex SHA-256 of its content
	 * @param revisedPrompt the prompt as the model rewrote it
	 * @param href where the API streams it
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(Include.NON_NULL)
	public record Image(int index, String key, String contentType, long bytes, String sha256,
			@Nullable String revisedPrompt, String href) {

		static Image of(String runId, String itemId, StoredImage image) {
			String href = ApiPaths.image(runId, itemId, image.index());
			return new Image(image.index(), image.key(), image.contentType(), image.bytes(), image.sha256(),
					image.revisedPrompt(), href);
		}

	}

}
