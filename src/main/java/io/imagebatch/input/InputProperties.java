package io.imagebatch.input;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on CSV input, so that no input, however made, exhausts memory or time. Checked
 * when bound, so a wrong setting stops start-up with a message naming the property.
 *
 * @param maxRowLength the most characters a row may have, line breaks inside quoted
 * fields included; a longer row is never held in memory but becomes an INVALID item, and
 * reading goes on with the next row. The longest prompt any model takes is 32,000
 * characters; an {@code image} column of base64 may need more.
 * @param maxColumns the most columns a header may have; a wider one is a usage error
 */
@ConfigurationProperties("imagebatch.input")
public record InputProperties(@DefaultValue("100000") int maxRowLength, @DefaultValue("1000") int maxColumns) {

	/** The name of the row length property, for messages. */
	public static final String MAX_ROW_LENGTH = "imagebatch.input.max-row-length";

	/** The name of the column count property, for messages. */
	public static final String MAX_COLUMNS = "imagebatch.input.max-columns";

	/** The defaults, for readers of small files made by people (edits). */
	public static final InputProperties DEFAULTS = new InputProperties(100_000, 1000);

	public InputProperties {
		if (maxRowLength < 1) {
			throw new IllegalArgumentException(MAX_ROW_LENGTH + " must be at least 1, got " + maxRowLength);
		}
		if (maxColumns < 1) {
			throw new IllegalArgumentException(MAX_COLUMNS + " must be at least 1, got " + maxColumns);
		}
	}

}
