package io.imagebatch.input;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How long an input column's value may be and which control characters it may hold: the
 * limits the value meets later, in the item table (db/migration
 * V2__runs_items_images.sql), in PostgreSQL text and JSON (no NUL), in the request and in
 * a person's terminal. The validator holds every row to these, so that a row can be
 * invalid but never fail the load step that stores it.
 *
 * @param maxLength the most characters (code points, as PostgreSQL counts them)
 * @param allowed the control characters the value may hold
 */
record ColumnRule(int maxLength, ControlCharacters.Allowed allowed) {

	/** {@code model VARCHAR(200)}. */
	static final int MODEL_LENGTH = 200;

	/**
	 * An id names a folder (a key segment) in S3 and on a file-system store, which hold
	 * 255 bytes; it also leaves room in {@code external_id VARCHAR(400)} for the
	 * {@code @line<N>} a repeated id gets.
	 */
	static final int ID_LENGTH = 255;

	/** {@code end_user VARCHAR(400)}. */
	private static final int USER_LENGTH = 400;

	/**
	 * {@code size}, {@code quality}, ... {@code VARCHAR(20)}; also {@code n}, echoed in
	 * reasons.
	 */
	private static final int SHORT_LENGTH = 20;

	/** {@code run.gateway VARCHAR(100)}. */
	private static final int GATEWAY_LENGTH = 100;

	private static final ColumnRule SHORT = new ColumnRule(SHORT_LENGTH, ControlCharacters.Allowed.NONE);

	/** Any other column: kept as metadata (JSON) and usable in the object key. */
	private static final ColumnRule METADATA = new ColumnRule(Integer.MAX_VALUE, ControlCharacters.Allowed.ALL_BUT_NUL);

	private static final Map<String, ColumnRule> RULES = Map.ofEntries(
			Map.entry("id", new ColumnRule(ID_LENGTH, ControlCharacters.Allowed.NONE)),
			// its length is the model's to judge
			Map.entry("prompt", new ColumnRule(Integer.MAX_VALUE, ControlCharacters.Allowed.LINE_BREAKS)),
			Map.entry("model", new ColumnRule(MODEL_LENGTH, ControlCharacters.Allowed.NONE)), Map.entry("size", SHORT),
			Map.entry("quality", SHORT), Map.entry("style", SHORT), Map.entry("n", SHORT),
			Map.entry("background", SHORT), Map.entry("moderation", SHORT), Map.entry("output_format", SHORT),
			Map.entry("response_format", SHORT),
			Map.entry("user", new ColumnRule(USER_LENGTH, ControlCharacters.Allowed.NONE)),
			Map.entry("safety_identifier", new ColumnRule(USER_LENGTH, ControlCharacters.Allowed.NONE)),
			// a JSON array of images may be laid out on several lines
			Map.entry("image", new ColumnRule(Integer.MAX_VALUE, ControlCharacters.Allowed.LINE_BREAKS)),
			Map.entry("gateway", new ColumnRule(GATEWAY_LENGTH, ControlCharacters.Allowed.NONE)));

	/**
	 * The rule for a column.
	 * @param column a lower-case column name
	 * @return its rule
	 */
	static ColumnRule of(String column) {
		return RULES.getOrDefault(column, METADATA);
	}

	/**
	 * What is wrong with a value of this column, as a sentence for a person.
	 * @param column the column, as the reason names it
	 * @param value the value, as it will be used (stripped)
	 * @return the problem, or {@code null} when the value is fine
	 */
	@Nullable String problemWith(String column, String value) {
		String refused = ControlCharacters.firstRefused(value, this.allowed);
		if (refused != null) {
			return column + " contains " + refused;
		}
		if (this.maxLength != Integer.MAX_VALUE) {
			int length = value.codePointCount(0, value.length());
			if (length > this.maxLength) {
				return "%s is %d characters long; it can have at most %d".formatted(column, length, this.maxLength);
			}
		}
		return null;
	}

	/**
	 * Whether a value of this column can be stored and shown as it is.
	 * @param value the value
	 * @return {@code true} when {@link #problemWith} finds nothing
	 */
	boolean accepts(String value) {
		return problemWith("", value) == null;
	}

}
