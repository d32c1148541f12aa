package io.imagebatch.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An item as it stands, with the images stored for it: what a run's manifest says of it,
 * less its cost.
 *
 * @param id the item's id
 * @param externalId the id from the input
 * @param line the input line it came from
 * @param status where it is
 * @param model its model, as asked for
 * @param size its size
 * @param quality its quality
 * @param prompt its prompt ({@code null} for an input row without one)
 * @param attempts calls made for it
 * @param errorType why it did not succeed, when it did not
 * @param errorCode the gateway's error code, if any
 * @param errorMessage the reason
 * @param retryOf the external id of the item it retries, if it does
 * @param images its stored images, in index order
 */
public record ItemSnapshot(long id, String externalId, long line, ItemStatus status, @Nullable String model,
		@Nullable String size, @Nullable String quality, @Nullable String prompt, int attempts,
		@Nullable ErrorType errorType, @Nullable String errorCode, @Nullable String errorMessage,
		@Nullable String retryOf, List<StoredImage> images) {

	public ItemSnapshot {
		images = List.copyOf(images);
	}

	ItemSnapshot withImages(List<StoredImage> images) {
		return new ItemSnapshot(this.id, this.externalId, this.line, this.status, this.model, this.size, this.quality,
				this.prompt, this.attempts, this.errorType, this.errorCode, this.errorMessage, this.retryOf, images);
	}

}
