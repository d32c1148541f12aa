package io.imagebatch.dashboard;

import java.util.List;

import io.imagebatch.estimate.SpendEstimate;

/**
 * What one firing of a schedule would cost now, as the schedule form shows it.
 *
 * @param rows rows its source holds now
 * @param validRows rows that would be sent
 * @param invalidRows rows that would be INVALID items
 * @param images images the valid rows ask for
 * @param syncUsd what the priced rows cost at the synchronous list price
 * @param unpricedRows valid rows without a known price, left out of the cost
 * @param unpricedImages their images
 * @param gateway the gateway the rows would go to
 * @param invalid the first invalid rows, each with why
 */
record EstimateSummary(long rows, long validRows, long invalidRows, long images, String syncUsd, long unpricedRows,
		long unpricedImages, String gateway, List<Invalid> invalid) {

	/** Invalid rows listed at most; the count says how many there are. */
	static final int INVALID_SHOWN = 5;

	static EstimateSummary of(SpendEstimate estimate) {
		return new EstimateSummary(estimate.rows(), estimate.validRows(), estimate.invalidRows(), estimate.images(),
				Formats.usdExact(estimate.syncUsd()), estimate.unpricedRows(), estimate.unpricedImages(),
				estimate.gateway(),
				estimate.invalid()
					.stream()
					.limit(INVALID_SHOWN)
					.map((row) -> new Invalid(row.line(), Formats.bounded(row.id(), 60),
							Formats.bounded(row.reason(), 300)))
					.toList());
	}

	/**
	 * A row that would be INVALID.
	 *
	 * @param line the line it starts on
	 * @param id its id
	 * @param reason why
	 */
	record Invalid(long line, String id, String reason) {

	}

}
