package io.imagebatch.cost;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the seeded price tables and lays the configured overrides on top. A run loads
 * prices once, at its start, so one run is priced consistently.
 */
@Component
public class PriceTableLoader {

	private final JdbcClient jdbc;

	private final PriceProperties overrides;

	PriceTableLoader(JdbcClient jdbc, PriceProperties overrides) {
		this.jdbc = jdbc;
		this.overrides = overrides;
	}

	public PriceTable load() {
		Map<PriceTable.PriceKey, BigDecimal> perImage = new HashMap<>();
		this.jdbc.sql("SELECT model, size, quality, usd_per_image FROM image_price")
			.query((rs, row) -> perImage.put(new PriceTable.PriceKey(rs.getString(1), rs.getString(2), rs.getString(3)),
					rs.getBigDecimal(4)))
			.list();
		Map<PriceTable.TokenPriceKey, BigDecimal> perToken = new HashMap<>();
		this.jdbc.sql("SELECT model, kind, usd_per_million FROM token_price")
			.query((rs,
					row) -> perToken.put(new PriceTable.TokenPriceKey(rs.getString(1),
							TokenKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT))), rs.getBigDecimal(3)))
			.list();
		this.overrides.images()
			.forEach((price) -> perImage.put(new PriceTable.PriceKey(price.model(), price.size(), price.quality()),
					price.usd()));
		this.overrides.tokens()
			.forEach((price) -> perToken.put(new PriceTable.TokenPriceKey(price.model(), price.kind()),
					price.usdPerMillion()));
		return new PriceTable(perImage, perToken);
	}

}
