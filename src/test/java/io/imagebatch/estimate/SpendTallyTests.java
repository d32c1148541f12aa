package io.imagebatch.estimate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.cost.CostKey;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.ValidatedRow;
import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpendTallyTests {

	private static final Map<CostKey, BigDecimal> PRICES = Map.of(new CostKey("dall-e-2", "256x256", "standard"),
			new BigDecimal("0.016"), new CostKey("dall-e-3", "1024x1024", "hd"), new BigDecimal("0.080"),
			new CostKey("gpt-image-1", "1024x1024", "low"), new BigDecimal("0.011"));

	private final SpendTally tally = new SpendTally(new FixedPrices(),
			(request) -> CostKey.of(request, TestModelCatalog.load()));

	@Test
	void addsUpRowsAndImagesByModelSizeAndQualityDearestFirst() {
		// given
		this.tally.add(aRow(2, "dall-e-2", 3, "256x256", "standard"), "test");
		this.tally.add(aRow(3, "dall-e-3", 1, "1024x1024", "hd"), "test");
		this.tally.add(aRow(4, "dall-e-2", 1, "256x256", "standard"), "test");
		this.tally.add(aRow(5, "openai/dall-e-3", 1, "1024x1024", "hd"), "test");

		// when
		SpendEstimate estimate = this.tally.estimate("rows.csv", "test", 0, (name) -> TrafficControl.Limits.NONE);

		// then
		assertThat(estimate.rows()).isEqualTo(4);
		assertThat(estimate.validRows()).isEqualTo(4);
		assertThat(estimate.images()).isEqualTo(6);
		assertThat(estimate.lines()).containsExactly(
				new SpendEstimate.Line("dall-e-3", "1024x1024", "hd", 2, 2, usd("0.080"), usd("0.160"), usd("0.080"),
						false),
				new SpendEstimate.Line("dall-e-2", "256x256", "standard", 2, 4, usd("0.016"), usd("0.064"),
						usd("0.032"), false));
		assertThat(estimate.syncUsd()).isEqualTo(usd("0.224"));
		assertThat(estimate.batchUsd()).isEqualTo(usd("0.112"));
		assertThat(estimate.complete()).isTrue();
	}

	@Test
	void keepsTheBatchPriceOfACheapImageToSixPlaces() {
		// given
		this.tally.add(aRow(2, "gpt-image-1", 3, "1024x1024", "low"), "test");

		// when
		SpendEstimate estimate = this.tally.estimate("rows.csv", "test", 0, (name) -> TrafficControl.Limits.NONE);

		// then
		assertThat(estimate.lines()).singleElement().satisfies((line) -> {
			assertThat(line.syncUsd()).isEqualTo(usd("0.033"));
			assertThat(line.batchUsd()).isEqualTo(usd("0.0165"));
			assertThat(line.pricedByUsage()).isTrue();
		});
	}

	@Test
	void listsRowsWithoutAKnownPriceAndLeavesThemOutOfTheTotals() {
		// given
		this.tally.add(aRow(2, "dall-e-2", 1, "256x256", "standard"), "test");
		this.tally.add(aRow(3, "flux-pro", 1, "1024x1024", null), "test");
		this.tally.add(aRow(4, "flux-pro", 1, "1024x1024", null), "test");

		// when
		SpendEstimate estimate = this.tally.estimate("rows.csv", "test", 0, (name) -> TrafficControl.Limits.NONE);

		// then
		assertThat(estimate.unpriced()).containsExactly(new SpendEstimate.Unpriced("flux-pro", "1024x1024", "-", 2, 2));
		assertThat(estimate.unpricedRows()).isEqualTo(2);
		assertThat(estimate.syncUsd()).isEqualTo(usd("0.016"));
		assertThat(estimate.images()).isEqualTo(3);
		assertThat(estimate.complete()).isFalse();
	}

	@Test
	void countsEveryInvalidRowButListsOnlyTheFirstHundred() {
		// given
		for (int line = 2; line < 252; line++) {
			this.tally.add(new ValidatedRow.Invalid(line, "row-" + line, "prompt is empty", Map.of()), null);
		}
		this.tally.add(aRow(252, "dall-e-2", 1, "256x256", "standard"), "test");

		// when
		SpendEstimate estimate = this.tally.estimate("rows.csv", "test", 0, (name) -> TrafficControl.Limits.NONE);

		// then
		assertThat(estimate.rows()).isEqualTo(251);
		assertThat(estimate.invalidRows()).isEqualTo(250);
		assertThat(estimate.validRows()).isEqualTo(1);
		assertThat(estimate.invalid()).hasSize(SpendEstimate.INVALID_ROWS_LISTED)
			.first()
			.isEqualTo(new SpendEstimate.InvalidRow(2, "row-2", "prompt is empty"));
		assertThat(estimate.complete()).isFalse();
	}

	@Test
	void theTimeNeededIsTheSlowerOfRequestsOverTheRequestLimitAndImagesOverTheImageLimit() {
		// given: 120 calls for 240 images
		for (int line = 2; line < 122; line++) {
			this.tally.add(aRow(line, "dall-e-2", 2, "256x256", "standard"), "test");
		}

		// when
		SpendEstimate byRequests = this.tally.estimate("rows.csv", "test", 0,
				(name) -> new TrafficControl.Limits(50, 1000));
		SpendEstimate byImages = this.tally.estimate("rows.csv", "test", 0,
				(name) -> new TrafficControl.Limits(1000, 100));
		SpendEstimate requestsOnly = this.tally.estimate("rows.csv", "test", 0,
				(name) -> new TrafficControl.Limits(60, null));
		SpendEstimate unlimited = this.tally.estimate("rows.csv", "test", 0, (name) -> TrafficControl.Limits.NONE);

		// then
		assertThat(byRequests.pace()).singleElement()
			.isEqualTo(new SpendEstimate.Pace("test", 120, 240, 50, 1000, Duration.ofSeconds(144)));
		assertThat(byImages.pace()).singleElement()
			.extracting(SpendEstimate.Pace::time)
			.isEqualTo(Duration.ofSeconds(144));
		assertThat(requestsOnly.pace()).singleElement()
			.extracting(SpendEstimate.Pace::time)
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(unlimited.pace()).singleElement()
			.isEqualTo(new SpendEstimate.Pace("test", 120, 240, null, null, null));
	}

	@Test
	void rowsNamingAnotherGatewayArePacedByThatGatewaysLimits() {
		// given
		this.tally.add(aRow(2, "dall-e-2", 1, "256x256", "standard"), "other");

		// when
		SpendEstimate estimate = this.tally.estimate("rows.csv", "test", 0,
				(name) -> name.equals("other") ? new TrafficControl.Limits(1, null) : TrafficControl.Limits.NONE);

		// then
		assertThat(estimate.pace()).containsExactly(new SpendEstimate.Pace("test", 0, 0, null, null, null),
				new SpendEstimate.Pace("other", 1, 1, 1, null, Duration.ofMinutes(1)));
	}

	private static ValidatedRow.Valid aRow(long line, String model, int n, String size, @Nullable String quality) {
		ImageRequest request = new ImageRequest(model, "A prompt on line " + line, n, size, quality, null, null, null,
				null, null, null, null);
		return new ValidatedRow.Valid(line, String.valueOf(line), request, Map.of());
	}

	private static BigDecimal usd(String amount) {
		return new BigDecimal(amount).setScale(6);
	}

	private static final class FixedPrices implements SpendTally.ListPrices {

		@Override
		public Optional<BigDecimal> perImage(CostKey key) {
			return Optional.ofNullable(PRICES.get(key));
		}

		@Override
		public boolean pricedByUsage(String model) {
			return model.startsWith("gpt-image");
		}

	}

}
