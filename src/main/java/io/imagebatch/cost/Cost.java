package io.imagebatch.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * The cost of one call.
 *
 * @param basis where the figure came from
 * @param usd USD with six decimals, {@code null} when the basis is {@code UNKNOWN}
 */
public record Cost(CostBasis basis, @Nullable BigDecimal usd) {

	/** Money is kept to six decimals, half-up, everywhere. */
	public static final int SCALE = 6;

	public Cost {
		if ((basis == CostBasis.UNKNOWN) != (usd == null)) {
			throw new IllegalArgumentException("an unknown cost has no amount and a known one has one");
		}
		usd = (usd != null) ? usd.setScale(SCALE, RoundingMode.HALF_UP) : null;
	}

	public static Cost unknown() {
		return new Cost(CostBasis.UNKNOWN, null);
	}

	/** Formats money the way reports show it: a plain decimal string with six places. */
	public static String format(BigDecimal usd) {
		return usd.setScale(SCALE, RoundingMode.HALF_UP).toPlainString();
	}

}
