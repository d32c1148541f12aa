package io.imagebatch.cost;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Price overrides and additions on top of the seeded table.
 *
 * <pre>
 * imagebatch.prices.images[0]: {model: flux-pro, size: "*", quality: "*", usd: 0.05}
 * imagebatch.prices.tokens[0]: {model: gpt-image-1, kind: image-output, usd-per-million: 40}
 * </pre>
 *
 * @param images per-image prices
 * @param tokens per-token prices
 */
@ConfigurationProperties("imagebatch.prices")
public record PriceProperties(@DefaultValue List<ImagePrice> images, @DefaultValue List<TokenPrice> tokens) {

	/**
	 * A per-image price; {@code *} matches any size or quality.
	 *
	 * @param model model id
	 * @param size size or {@code *}
	 * @param quality quality or {@code *}
	 * @param usd USD per image
	 */
	public record ImagePrice(String model, @DefaultValue("*") String size, @DefaultValue("*") String quality,
			BigDecimal usd) {
	}

	/**
	 * A per-token price.
	 *
	 * @param model model id
	 * @param kind token kind
	 * @param usdPerMillion USD per million tokens
	 */
	public record TokenPrice(String model, TokenKind kind, BigDecimal usdPerMillion) {
	}

}
