package io.imagebatch.estimate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostKey;
import io.imagebatch.cost.PriceTable;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.ValidatedRow;
import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;

/**
 * Adds up rows as they are read: counts by (model, size, quality) and by gateway, and the
 * first invalid rows. What it holds grows with the kinds of request, never with the
 * number of rows.
 */
final class SpendTally {

	private static final Comparator<CostKey> BY_KEY = Comparator.comparing(CostKey::model)
		.thenComparing(CostKey::size)
		.thenComparing(CostKey::quality);

	private static final long SECONDS_PER_MINUTE = 60;

	private final ListPrices prices;

	private final Function<ImageRequest, CostKey> keys;

	private final Map<CostKey, Count> byKey = new TreeMap<>(BY_KEY);

	private final Map<String, Count> byGateway = new LinkedHashMap<>();

	private final List<SpendEstimate.InvalidRow> invalid = new ArrayList<>();

	private long rows;

	private long invalidRows;

	/**
	 * @param prices the list prices
	 * @param keys what a request is priced under
	 */
	SpendTally(ListPrices prices, Function<ImageRequest, CostKey> keys) {
		this.prices = prices;
		this.keys = keys;
	}

	/**
	 * Counts one row.
	 * @param row the row as validated
	 * @param gateway the gateway a valid row's call goes to
	 */
	void add(ValidatedRow row, @Nullable String gateway) {
		this.rows++;
		switch (row) {
			case ValidatedRow.Valid valid -> {
				int images = valid.request().n();
				this.byKey.computeIfAbsent(this.keys.apply(valid.request()), (key) -> new Count()).add(images);
				this.byGateway.computeIfAbsent((gateway != null) ? gateway : "", (name) -> new Count()).add(images);
			}
			case ValidatedRow.Invalid bad -> {
				this.invalidRows++;
				if (this.invalid.size() < SpendEstimate.INVALID_ROWS_LISTED) {
					this.invalid.add(new SpendEstimate.InvalidRow(bad.line(), bad.externalId(), bad.reason()));
				}
			}
		}
	}

	/**
	 * The estimate of the rows counted so far.
	 * @param source the input
	 * @param gateway the gateway of rows that name none
	 * @param alreadyDone rows left out, before they were counted, as already done
	 * @param limits each gateway's configured limits, by name
	 * @return the estimate
	 */
	SpendEstimate estimate(String source, String gateway, long alreadyDone,
			Function<String, TrafficControl.Limits> limits) {
		List<SpendEstimate.Line> lines = new ArrayList<>();
		List<SpendEstimate.Unpriced> unpriced = new ArrayList<>();
		BigDecimal sync = zero();
		BigDecimal batch = zero();
		long images = 0;
		for (Map.Entry<CostKey, Count> entry : this.byKey.entrySet()) {
			CostKey key = entry.getKey();
			Count count = entry.getValue();
			images += count.images;
			Optional<BigDecimal> unit = this.prices.perImage(key);
			if (unit.isEmpty()) {
				unpriced
					.add(new SpendEstimate.Unpriced(key.model(), key.size(), key.quality(), count.rows, count.images));
				continue;
			}
			BigDecimal perImage = money(unit.get());
			BigDecimal lineSync = money(perImage.multiply(BigDecimal.valueOf(count.images)));
			BigDecimal lineBatch = money(PriceTable.batchPrice(perImage).multiply(BigDecimal.valueOf(count.images)));
			lines.add(new SpendEstimate.Line(key.model(), key.size(), key.quality(), count.rows, count.images, perImage,
					lineSync, lineBatch, this.prices.pricedByUsage(key.model())));
			sync = sync.add(lineSync);
			batch = batch.add(lineBatch);
		}
		// dearest first, as the cost report orders its lines
		lines.sort(Comparator.comparing(SpendEstimate.Line::syncUsd).reversed());
		long valid = this.rows - this.invalidRows;
		return new SpendEstimate(source, gateway, this.rows, valid, this.invalidRows, alreadyDone, images, lines, sync,
				batch, unpriced, this.invalid, pace(gateway, limits));
	}

	/** The run's gateway first, even with nothing to send; then those rows name. */
	private List<SpendEstimate.Pace> pace(String gateway, Function<String, TrafficControl.Limits> limits) {
		Map<String, Count> byGateway = new LinkedHashMap<>();
		byGateway.put(gateway, this.byGateway.getOrDefault(gateway, new Count()));
		new TreeMap<>(this.byGateway).forEach(byGateway::putIfAbsent);
		List<SpendEstimate.Pace> pace = new ArrayList<>();
		byGateway.forEach((name, count) -> {
			TrafficControl.Limits configured = limits.apply(name);
			Integer rpm = positiveOrNull(configured.requestsPerMinute());
			Integer ipm = positiveOrNull(configured.imagesPerMinute());
			pace.add(new SpendEstimate.Pace(name, count.rows, count.images, rpm, ipm, time(count, rpm, ipm)));
		});
		return pace;
	}

	/**
	 * Whichever configured limit takes longer decides: calls over requests per minute,
	 * images over images per minute.
	 */
	private static @Nullable Duration time(Count count, @Nullable Integer rpm, @Nullable Integer ipm) {
		if (rpm == null && ipm == null) {
			return null;
		}
		long byRequests = (rpm != null) ? Math.ceilDiv(count.rows * SECONDS_PER_MINUTE, rpm) : 0;
		long byImages = (ipm != null) ? Math.ceilDiv(count.images * SECONDS_PER_MINUTE, ipm) : 0;
		return Duration.ofSeconds(Math.max(byRequests, byImages));
	}

	private static @Nullable Integer positiveOrNull(@Nullable Integer limit) {
		return (limit != null && limit > 0) ? limit : null;
	}

	private static BigDecimal money(BigDecimal usd) {
		return usd.setScale(Cost.SCALE, RoundingMode.HALF_UP);
	}

	private static BigDecimal zero() {
		return money(BigDecimal.ZERO);
	}

	/**
	 * The list prices a tally asks.
	 */
	interface ListPrices {

		/** The per-image list price, if there is one. */
		Optional<BigDecimal> perImage(CostKey key);

		/** Whether the model is charged by its tokens when the gateway reports them. */
		boolean pricedByUsage(String model);

		static ListPrices of(PriceTable table) {
			return new ListPrices() {

				@Override
				public Optional<BigDecimal> perImage(CostKey key) {
					return table.perImage(key.model(), key.size(), key.quality());
				}

				@Override
				public boolean pricedByUsage(String model) {
					return table.pricedByUsage(model);
				}

			};
		}

	}

	/** Rows and the images they ask for. */
	private static final class Count {

		private long rows;

		private long images;

		void add(int n) {
			this.rows++;
			this.images += n;
		}

	}

}
