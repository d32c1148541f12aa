package io.imagebatch.cost;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * What one item's calls cost: the sum of its ledger entries.
 *
 * @param usd USD with six decimals over the entries whose price is known; {@code null}
 * when none is
 * @param unpricedImages images of entries whose price is unknown, not in {@code usd}
 */
public record ItemCost(@Nullable BigDecimal usd, long unpricedImages) {

}
