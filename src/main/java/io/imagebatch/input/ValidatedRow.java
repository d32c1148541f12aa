package io.imagebatch.input;

import java.util.Map;

import io.imagebatch.gateway.ImageRequest;

/**
 * A row after validation against the model catalog: ready to become a request, or invalid
 * with one reason.
 */
public sealed interface ValidatedRow {

	/**
	 * The physical line on which the row starts.
	 * @return the line
	 */
	long line();

	/**
	 * The {@code id} column, or the line number when the row has none.
	 * @return the external id
	 */
	String externalId();

	/**
	 * A row that can be sent.
	 *
	 * @param line the physical line on which the row starts
	 * @param externalId the {@code id} column or the line number
	 * @param request the request, with defaults applied
	 * @param metadata the columns that are not request fields, in header order
	 */
	record Valid(long line, String externalId, ImageRequest request,
			Map<String, String> metadata) implements ValidatedRow {

	}

	/**
	 * A row that must not be sent.
	 *
	 * @param line the physical line on which the row starts
	 * @param externalId the {@code id} column or the line number
	 * @param reason the first problem found, as a sentence for a person
	 * @param columns the row as read, so it can be shown and fixed
	 */
	record Invalid(long line, String externalId, String reason, Map<String, String> columns) implements ValidatedRow {

		/**
		 * An item for text that could not be read as a row; it has no columns, so the
		 * line number is its id.
		 * @param malformed the unreadable text
		 * @return the invalid row
		 */
		public static Invalid of(ReadResult.Malformed malformed) {
			return new Invalid(malformed.line(), String.valueOf(malformed.line()), malformed.reason(), Map.of());
		}

	}

}
