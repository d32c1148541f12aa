package io.imagebatch.cost;

import java.math.BigDecimal;

import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;

/**
 * What one item's calls cost: the sum of its ledger entries.
 *
 * @param usd USD with six decimals over the entries whose price is known; {@code null}
 * when none is
 * @param unpricedImages images of entries whose price is unknown, not in {@code usd}
 * @param mode how its calls were made: {@code BATCH} when any was in a provider's batch
 */
public record ItemCost(@Nullable BigDecimal usd, long unpricedImages, CallMode mode) {

	/** What an item's synchronous calls cost. */
	public ItemCost(@Nullable BigDecimal usd, long unpricedImages) {
		this(usd, unpricedImages, CallMode.SYNC);
	}

	/**
	 * What its calls made in provider batches would have cost more synchronously;
	 * {@code null} for synchronous calls or an unknown price.
	 */
	public @Nullable BigDecimal savedUsd() {
		return (this.mode == CallMode.BATCH && this.usd != null) ? PriceTable.savedByBatch(this.usd) : null;
	}

}
