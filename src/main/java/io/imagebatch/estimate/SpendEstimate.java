package io.imagebatch.estimate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an input would cost and take, at list price, before anything is spent. Every
 * amount is USD with six decimals ({@link io.imagebatch.cost.Cost#SCALE}). Valid rows are
 * priced at the per-image list price of their model, size and quality (basis
 * {@code catalog}); a model charged by its tokens when the gateway reports them (see
 * {@link Line#pricedByUsage()}) may then cost otherwise. Rows whose price is unknown are
 * listed in {@link #unpriced()} and left out of the totals, never counted as zero.
 *
 * @param source the input, as given
 * @param gateway the gateway of rows that name none
 * @param rows rows read, valid and invalid
 * @param validRows rows that would be sent
 * @param invalidRows rows that would be INVALID items, making no call
 * @param alreadyDone rows left out because their {@code id} is already done for the
 * source (skip-done), counted in none of the others
 * @param images images the valid rows ask for (the sum of their {@code n})
 * @param lines the priced valid rows by model, size and quality, dearest first
 * @param syncUsd what the priced rows cost through synchronous calls
 * @param batchUsd what they cost through the provider's batch mode
 * @param unpriced the valid rows without a known price, by model, size and quality
 * @param invalid the first {@value #INVALID_ROWS_LISTED} invalid rows, in input order;
 * {@code invalidRows} counts them all
 * @param pace the time each gateway's configured limits need for its rows, the run's
 * gateway first
 */
public record SpendEstimate(String source, String gateway, long rows, long validRows, long invalidRows,
		long alreadyDone, long images, List<Line> lines, BigDecimal syncUsd, BigDecimal batchUsd,
		List<Unpriced> unpriced, List<InvalidRow> invalid, List<Pace> pace) {

	/** What an estimate prices by: the per-image list price of the catalog. */
	public static final String BASIS = "catalog";

	/** How many invalid rows are listed at most. */
	public static final int INVALID_ROWS_LISTED = 100;

	public SpendEstimate {
		lines = List.copyOf(lines);
		unpriced = List.copyOf(unpriced);
		invalid = List.copyOf(invalid);
		pace = List.copyOf(pace);
	}

	/**
	 * Whether every row is valid and priced, so the totals are the whole input's.
	 * @return whether nothing is invalid or unpriced
	 */
	public boolean complete() {
		return this.invalidRows == 0 && this.unpriced.isEmpty();
	}

	/**
	 * Valid rows left out of the totals for want of a price.
	 * @return the count
	 */
	public long unpricedRows() {
		return this.unpriced.stream().mapToLong(Unpriced::rows).sum();
	}

	/**
	 * Images left out of the totals for want of a price.
	 * @return the count
	 */
	public long unpricedImages() {
		return this.unpriced.stream().mapToLong(Unpriced::images).sum();
	}

	/**
	 * Priced rows of one model, size and quality.
	 *
	 * @param model the model's catalog id
	 * @param size the size, {@code -} for a model that takes none
	 * @param quality the quality, {@code -} for a model that takes none
	 * @param rows rows
	 * @param images images they ask for
	 * @param unitUsd the list price of one image
	 * @param syncUsd the images at the synchronous price
	 * @param batchUsd the images at the batch price
	 * @param pricedByUsage whether the model is charged by the tokens a call uses when
	 * the gateway reports them, the list price being then only a guide
	 */
	public record Line(String model, String size, String quality, long rows, long images, BigDecimal unitUsd,
			BigDecimal syncUsd, BigDecimal batchUsd, boolean pricedByUsage) {

	}

	/**
	 * Valid rows of one model, size and quality that have no known price.
	 *
	 * @param model the model's catalog id
	 * @param size the size, {@code -} for a model that takes none
	 * @param quality the quality, {@code -} for a model that takes none
	 * @param rows rows
	 * @param images images they ask for
	 */
	public record Unpriced(String model, String size, String quality, long rows, long images) {

	}

	/**
	 * A row that would be an INVALID item.
	 *
	 * @param line the line on which it starts (its position, for a database source)
	 * @param id its {@code id}, or the line number
	 * @param reason why it cannot be sent, as a run would record it
	 */
	public record InvalidRow(long line, String id, String reason) {

	}

	/**
	 * The time a gateway's configured per-minute limits need for the calls of its rows.
	 *
	 * @param gateway the gateway's name
	 * @param requests calls (one per valid row)
	 * @param images images those calls ask for
	 * @param requestsPerMinute its configured request limit, {@code null} when none
	 * @param imagesPerMinute its configured image limit, {@code null} when none
	 * @param time the longer of requests over the request limit and images over the image
	 * limit; {@code null} when no limit is configured
	 */
	public record Pace(String gateway, long requests, long images, @Nullable Integer requestsPerMinute,
			@Nullable Integer imagesPerMinute, @Nullable Duration time) {

	}

}
