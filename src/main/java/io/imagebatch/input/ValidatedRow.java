package io.imagebatch.input;

import java.util.Map;

import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;

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
	 * A row that must not be sent, in a form an item can hold whatever the row held.
	 *
	 * @param line the physical line on which the row starts
	 * @param externalId the {@code id} column, or the line number when there is none; an
	 * id that an item cannot hold (too long, control characters) becomes its start
	 * followed by {@code …@line<N>}
	 * @param reason the first problem found, as a sentence for a person, which never
	 * quotes a control character
	 * @param columns the row as read, so it can be shown and fixed, with any NUL replaced
	 * by U+FFFD
	 */
	record Invalid(long line, String externalId, String reason, Map<String, String> columns) implements ValidatedRow {

		/**
		 * The prompt as read.
		 * @return the {@code prompt} column, or {@code null} when there is none
		 */
		public @Nullable String prompt() {
			return this.columns.get("prompt");
		}

		/**
		 * The row's model, when an item's model column can hold it.
		 * @return the {@code model} column stripped, or {@code null} when there is none
		 * or it is too long or holds control characters
		 */
		public @Nullable String model() {
			String model = this.columns.get("model");
			return (model != null && ColumnRule.of("model").accepts(model.strip())) ? model.strip() : null;
		}

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
