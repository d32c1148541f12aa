package io.imagebatch.cost;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import io.imagebatch.gateway.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceTableTests {

	@Test
	void aBatchCallSavedWhatItCostSinceItWasChargedHalfTheSynchronousPrice() {
		// when
		BigDecimal saved = PriceTable.savedByBatch(new BigDecimal("0.020000"));
		BigDecimal odd = PriceTable.savedByBatch(new BigDecimal("0.000001"));

		// then: the synchronous price is the batch price over one half
		assertThat(saved).isEqualByComparingTo("0.020000");
		assertThat(saved.scale()).isEqualTo(Cost.SCALE);
		assertThat(odd).isEqualByComparingTo("0.000001");
		assertThat(PriceTable.savedByBatch(PriceTable.batchPrice(new BigDecimal("0.08")))).isEqualByComparingTo("0.04");
	}

	@Test
	void pricesACallWithoutUsageByTheExactPerImagePriceTimesTheImages() {
		// given
		PriceTable prices = prices().image("dall-e-3", "1024x1024", "hd", "0.080")
			.image("dall-e-3", "1024x1024", "standard", "0.040")
			.build();

		// when
		Cost cost = prices.costOf("dall-e-3", "1024x1024", "hd", 3, null);

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.240000")));
	}

	@Test
	void keepsSixDecimalsOnACatalogCost() {
		// given
		PriceTable prices = prices().image("dall-e-2", "256x256", "standard", "0.016").build();

		// when
		Cost cost = prices.costOf("dall-e-2", "256x256", "standard", 1, null);

		// then
		assertThat(cost.usd()).hasScaleOf(6).isEqualByComparingTo("0.016");
	}

	@Test
	void fallsBackToTheAnyQualityPriceOfTheSizeWhenTheQualityHasNone() {
		// given
		PriceTable prices = prices().image("flux-pro", "1024x1024", "*", "0.050")
			.image("flux-pro", "*", "*", "0.090")
			.build();

		// when
		Cost cost = prices.costOf("flux-pro", "1024x1024", "hd", 2, null);

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.100000")));
	}

	@Test
	void prefersTheExactQualityToTheAnyQualityPrice() {
		// given
		PriceTable prices = prices().image("flux-pro", "1024x1024", "hd", "0.070")
			.image("flux-pro", "1024x1024", "*", "0.050")
			.build();

		// when
		Cost cost = prices.costOf("flux-pro", "1024x1024", "hd", 1, null);

		// then
		assertThat(cost.usd()).isEqualByComparingTo("0.070");
	}

	@Test
	void fallsBackToTheAnySizeAndQualityPriceWhenTheSizeHasNone() {
		// given
		PriceTable prices = prices().image("flux-pro", "1024x1024", "*", "0.050")
			.image("flux-pro", "*", "*", "0.090")
			.build();

		// when
		Cost cost = prices.costOf("flux-pro", "512x512", "hd", 1, null);

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.090000")));
	}

	@Test
	void matchesAnAnySizePriceOfTheGivenQuality() {
		// given
		PriceTable prices = prices().image("flux-pro", "*", "hd", "0.080").image("flux-pro", "*", "*", "0.050").build();

		// when
		Cost cost = prices.costOf("flux-pro", "512x512", "hd", 1, null);

		// then
		assertThat(cost.usd()).isEqualByComparingTo("0.080");
	}

	@Test
	void prefersTheSizesAnyQualityPriceToTheAnySizePriceOfTheQuality() {
		// given
		PriceTable prices = prices().image("flux-pro", "1024x1024", "*", "0.060")
			.image("flux-pro", "*", "hd", "0.080")
			.build();

		// when
		Cost cost = prices.costOf("flux-pro", "1024x1024", "hd", 1, null);

		// then
		assertThat(cost.usd()).isEqualByComparingTo("0.060");
	}

	@Test
	void doesNotUseAnotherModelsPrice() {
		// given
		PriceTable prices = prices().image("dall-e-3", "*", "*", "0.040").build();

		// when
		Cost cost = prices.costOf("dall-e-2", "1024x1024", "standard", 1, null);

		// then
		assertThat(cost).isEqualTo(Cost.unknown());
	}

	@Test
	void pricesReportedUsageByTheModelsPerMillionTokenPrices() {
		// given
		PriceTable prices = gptImage1().build();
		Usage usage = new Usage(20, 0, 272, 0);

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, usage);

		// then 272 × $40/M + 20 × $5/M
		assertThat(cost).isEqualTo(new Cost(CostBasis.USAGE, new BigDecimal("0.010980")));
		assertThat(cost.usd()).hasScaleOf(6);
	}

	@Test
	void pricesInputImageTokensOfAnEditAtTheirOwnPrice() {
		// given
		PriceTable prices = gptImage1().build();
		Usage usage = new Usage(0, 1000, 272, 0);

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, usage);

		// then 1000 × $10/M + 272 × $40/M
		assertThat(cost).isEqualTo(new Cost(CostBasis.USAGE, new BigDecimal("0.020880")));
	}

	@Test
	void roundsAUsageCostHalfUpToSixDecimals() {
		// given
		PriceTable prices = gptImage1().build();
		Usage usage = new Usage(1, 0, 1, 0);

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, usage);

		// then 1 × $40/M + 1 × $5/M = 0.000045
		assertThat(cost.usd()).isEqualTo(new BigDecimal("0.000045"));
	}

	@Test
	void usesTheUsageRatherThanTheCatalogWhenBothCanPriceTheCall() {
		// given
		PriceTable prices = gptImage1().image("gpt-image-1", "1024x1024", "low", "0.011").build();

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, new Usage(20, 0, 272, 0));

		// then
		assertThat(cost.basis()).isEqualTo(CostBasis.USAGE);
	}

	@Test
	void fallsBackToTheCatalogWhenTheModelHasNoImageOutputTokenPrice() {
		// given
		PriceTable prices = prices().image("dall-e-3", "1024x1024", "standard", "0.040")
			.tokens("dall-e-3", TokenKind.TEXT_INPUT, "5")
			.build();

		// when
		Cost cost = prices.costOf("dall-e-3", "1024x1024", "standard", 1, new Usage(20, 0, 272, 0));

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.040000")));
	}

	@Test
	void fallsBackToTheCatalogRatherThanUndercountWhenAUsedTokenKindHasNoPrice() {
		// given
		PriceTable prices = prices().image("gpt-image-1", "1024x1024", "low", "0.011")
			.tokens("gpt-image-1", TokenKind.IMAGE_OUTPUT, "40")
			.build();

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, new Usage(20, 0, 272, 0));

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.011000")));
	}

	@Test
	void ignoresAnUnpricedTokenKindThatTheCallDidNotUse() {
		// given
		PriceTable prices = prices().tokens("gpt-image-1", TokenKind.IMAGE_OUTPUT, "40")
			.tokens("gpt-image-1", TokenKind.TEXT_INPUT, "5")
			.build();

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, new Usage(20, 0, 272, 0));

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.USAGE, new BigDecimal("0.010980")));
	}

	@Test
	void fallsBackToTheCatalogWhenTheUsageReportsNoImageOutputTokens() {
		// given
		PriceTable prices = gptImage1().image("gpt-image-1", "1024x1024", "low", "0.011").build();

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, new Usage(0, 0, 0, 0));

		// then
		assertThat(cost).isEqualTo(new Cost(CostBasis.CATALOG, new BigDecimal("0.011000")));
	}

	@Test
	void isUnknownWhenNeitherTheTokensNorTheImageHaveAPrice() {
		// given
		PriceTable prices = gptImage1().build();

		// when
		Cost cost = prices.costOf("flux-pro", "1024x1024", "hd", 1, new Usage(20, 0, 272, 0));

		// then
		assertThat(cost.basis()).isEqualTo(CostBasis.UNKNOWN);
		assertThat(cost.usd()).isNull();
	}

	@Test
	void isUnknownWhenThereIsNoUsageAndNoImagePrice() {
		// given
		PriceTable prices = gptImage1().build();

		// when
		Cost cost = prices.costOf("gpt-image-1", "1024x1024", "low", 1, null);

		// then
		assertThat(cost).isEqualTo(Cost.unknown());
	}

	@Test
	void theBatchPriceIsHalfTheSynchronousPrice() {
		// when
		BigDecimal batch = PriceTable.batchPrice(new BigDecimal("0.011"));

		// then
		assertThat(batch).isEqualByComparingTo("0.0055");
	}

	@Test
	void aModelWithAnImageOutputTokenPriceIsPricedByUsage() {
		// given
		PriceTable prices = gptImage1().image("dall-e-3", "1024x1024", "standard", "0.040").build();

		// then
		assertThat(prices.pricedByUsage("gpt-image-1")).isTrue();
		assertThat(prices.pricedByUsage("dall-e-3")).isFalse();
	}

	private static PriceTableBuilder gptImage1() {
		return prices().tokens("gpt-image-1", TokenKind.TEXT_INPUT, "5")
			.tokens("gpt-image-1", TokenKind.IMAGE_INPUT, "10")
			.tokens("gpt-image-1", TokenKind.IMAGE_OUTPUT, "40");
	}

	private static PriceTableBuilder prices() {
		return new PriceTableBuilder();
	}

	private static final class PriceTableBuilder {

		private final Map<PriceTable.PriceKey, BigDecimal> perImage = new HashMap<>();

		private final Map<PriceTable.TokenPriceKey, BigDecimal> perMillionTokens = new HashMap<>();

		PriceTableBuilder image(String model, String size, String quality, String usd) {
			this.perImage.put(new PriceTable.PriceKey(model, size, quality), new BigDecimal(usd));
			return this;
		}

		PriceTableBuilder tokens(String model, TokenKind kind, String usdPerMillion) {
			this.perMillionTokens.put(new PriceTable.TokenPriceKey(model, kind), new BigDecimal(usdPerMillion));
			return this;
		}

		PriceTable build() {
			return new PriceTable(this.perImage, this.perMillionTokens);
		}

	}

}
