package io.imagebatch.cost;

import java.time.Instant;
import java.util.List;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Usage;
import org.jspecify.annotations.Nullable;

/**
 * The cost of one answered call, as the ledger keeps it.
 *
 * @param runId the run
 * @param itemId the item
 * @param model the catalog model id
 * @param size the size asked for ({@code -} when the model takes none)
 * @param quality the quality asked for ({@code -} when the model takes none)
 * @param images images the gateway returned
 * @param cost what it cost
 * @param usage the usage the gateway reported, if any
 * @param imageUrls the URLs the images came as, in order; empty when they came inline
 * @param createdAt when the gateway answered
 * @param mode how the call was made: a batch call costs half
 */
public record CostEntry(String runId, long itemId, String model, String size, String quality, int images, Cost cost,
		@Nullable Usage usage, List<String> imageUrls, Instant createdAt, CallMode mode) {

	public CostEntry {
		imageUrls = List.copyOf(imageUrls);
	}

	/** A synchronous call's entry. */
	public CostEntry(String runId, long itemId, String model, String size, String quality, int images, Cost cost,
			@Nullable Usage usage, List<String> imageUrls, Instant createdAt) {
		this(runId, itemId, model, size, quality, images, cost, usage, imageUrls, createdAt, CallMode.SYNC);
	}

}
