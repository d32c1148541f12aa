package io.imagebatch.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Usage;
import org.jspecify.annotations.Nullable;

/**
 * The one place that turns an answered call into money. Per-token prices win when the
 * gateway reported usage and the model has them (basis {@code usage}); otherwise the
 * per-image price by (model, size, quality), where {@code *} entries match any size or
 * quality (basis {@code catalog}); otherwise the cost is unknown.
 */
public final class PriceTable {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	/** The Batch API's price is half the synchronous one (DESIGN §2.9, §5). */
	private static final BigDecimal BATCH_FRACTION = new BigDecimal("0.5");

	private final Map<PriceKey, BigDecimal> perImage;

	private final Map<TokenPriceKey, BigDecimal> perMillionTokens;

	PriceTable(Map<PriceKey, BigDecimal> perImage, Map<TokenPriceKey, BigDecimal> perMillionTokens) {
		this.perImage = Map.copyOf(perImage);
		this.perMillionTokens = Map.copyOf(perMillionTokens);
	}

	/**
	 * The cost of one call.
	 * @param model the catalog id of the model (no provider prefix)
	 * @param size the size asked for
	 * @param quality the quality asked for
	 * @param images how many images the gateway returned
	 * @param usage the usage the gateway reported, if any
	 * @return the cost
	 */
	public Cost costOf(String model, String size, String quality, int images, @Nullable Usage usage) {
		if (usage != null) {
			Optional<BigDecimal> byTokens = tokenCost(model, usage);
			if (byTokens.isPresent()) {
				return new Cost(CostBasis.USAGE, byTokens.get());
			}
		}
		return perImage(model, size, quality)
			.map((price) -> new Cost(CostBasis.CATALOG, price.multiply(BigDecimal.valueOf(images))))
			.orElseGet(Cost::unknown);
	}

	/**
	 * What a call made in {@code mode} cost: a batch call half the synchronous price,
	 * whether priced by tokens or per image.
	 */
	public Cost costOf(String model, String size, String quality, int images, @Nullable Usage usage, CallMode mode) {
		Cost synchronous = costOf(model, size, quality, images, usage);
		BigDecimal usd = synchronous.usd();
		return (mode == CallMode.BATCH && usd != null) ? new Cost(synchronous.basis(), batchPrice(usd)) : synchronous;
	}

	/**
	 * The per-image list price, if there is one: the exact entry first, then the size's
	 * {@code *} quality, then the quality's {@code *} size, then {@code *}/{@code *}.
	 */
	public Optional<BigDecimal> perImage(String model, String size, String quality) {
		BigDecimal exact = this.perImage.get(new PriceKey(model, size, quality));
		if (exact != null) {
			return Optional.of(exact);
		}
		BigDecimal anyQuality = this.perImage.get(new PriceKey(model, size, "*"));
		if (anyQuality != null) {
			return Optional.of(anyQuality);
		}
		BigDecimal anySize = this.perImage.get(new PriceKey(model, "*", quality));
		if (anySize != null) {
			return Optional.of(anySize);
		}
		return Optional.ofNullable(this.perImage.get(new PriceKey(model, "*", "*")));
	}

	/**
	 * What an image priced at {@code synchronousUsd} costs through the provider's batch
	 * mode.
	 * @param synchronousUsd the synchronous price
	 * @return the batch price
	 */
	public static BigDecimal batchPrice(BigDecimal synchronousUsd) {
		return synchronousUsd.multiply(BATCH_FRACTION);
	}

	/**
	 * What calls that cost {@code batchUsd} in provider batches would have cost more
	 * synchronously: the synchronous price is the batch price over the batch fraction.
	 * @param batchUsd what the batch calls cost
	 * @return the saving, at {@link Cost#SCALE}
	 */
	public static BigDecimal savedByBatch(BigDecimal batchUsd) {
		return batchUsd.divide(BATCH_FRACTION).subtract(batchUsd).setScale(Cost.SCALE, RoundingMode.HALF_UP);
	}

	/**
	 * Whether the model's calls are charged by the tokens they use when the gateway
	 * reports them, rather than at its per-image list price.
	 * @param model the catalog id of the model
	 * @return whether it has a price for image output tokens
	 */
	public boolean pricedByUsage(String model) {
		return perMillionTokens(model, TokenKind.IMAGE_OUTPUT).isPresent();
	}

	/**
	 * What a call is expected to cost, for budgets: the per-image price, or the model's
	 * dearest per-image price when the size or quality has none (say {@code auto}), times
	 * the images asked for. Zero when the model has no per-image price at all.
	 */
	public BigDecimal estimate(String model, String size, String quality, int images) {
		BigDecimal price = perImage(model, size, quality).orElseGet(() -> this.perImage.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().model().equals(model))
			.map(Map.Entry::getValue)
			.max(BigDecimal::compareTo)
			.orElse(BigDecimal.ZERO));
		return price.multiply(BigDecimal.valueOf(images));
	}

	/** The price of a million tokens of a kind, if there is one. */
	public Optional<BigDecimal> perMillionTokens(String model, TokenKind kind) {
		return Optional.ofNullable(this.perMillionTokens.get(new TokenPriceKey(model, kind)));
	}

	/**
	 * Usage-based cost; present only when the usage reports image output tokens, the
	 * model has an image output price and every kind of token the call used has a price,
	 * so a partly priced or partly reported call is never undercounted.
	 */
	private Optional<BigDecimal> tokenCost(String model, Usage usage) {
		// a call that returned images with no image tokens reported did not report its
		// usage in full (an empty usage object, a chat answer without token details)
		if (usage.outputImageTokens() == 0 || !pricedByUsage(model)) {
			return Optional.empty();
		}
		BigDecimal total = BigDecimal.ZERO;
		long[] counts = { usage.inputTextTokens(), usage.inputImageTokens(), usage.outputImageTokens(),
				usage.outputTextTokens() };
		TokenKind[] kinds = { TokenKind.TEXT_INPUT, TokenKind.IMAGE_INPUT, TokenKind.IMAGE_OUTPUT,
				TokenKind.TEXT_OUTPUT };
		for (int i = 0; i < kinds.length; i++) {
			if (counts[i] == 0) {
				continue;
			}
			Optional<BigDecimal> price = perMillionTokens(model, kinds[i]);
			if (price.isEmpty()) {
				return Optional.empty();
			}
			total = total.add(price.get().multiply(BigDecimal.valueOf(counts[i])).divide(MILLION));
		}
		return Optional.of(total);
	}

	record PriceKey(String model, String size, String quality) {
	}

	record TokenPriceKey(String model, TokenKind kind) {
	}

}
