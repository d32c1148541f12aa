package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.imagebatch.run.ErrorType;
import org.jspecify.annotations.Nullable;

/**
 * Reads what the dashboard's forms post, refusing with a message that says what to write
 * instead. Refusals are {@link IllegalArgumentException}s, which the pages show as they
 * show the run module's own.
 */
final class Forms {

	private Forms() {
	}

	/** A positive amount of dollars, or {@code null} when the field was left empty. */
	static @Nullable BigDecimal usd(@Nullable String text, String field) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			BigDecimal usd = new BigDecimal(text.strip().replace("$", ""));
			if (usd.signum() > 0) {
				return usd;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new IllegalArgumentException(field + " must be a positive amount of dollars, such as 12.50");
	}

	static ErrorType errorType(String text) {
		try {
			return ErrorType.valueOf(text.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("there is no error type '" + Formats.bounded(text, 40) + "'");
		}
	}

	/**
	 * Column changes written {@code size=1024x1024, quality=hd}; an empty value removes
	 * the column.
	 */
	static Map<String, String> columns(@Nullable String text) {
		Map<String, String> columns = new LinkedHashMap<>();
		if (text == null || text.isBlank()) {
			return columns;
		}
		for (String change : text.split("[,\\n]")) {
			if (change.isBlank()) {
				continue;
			}
			int equals = change.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("write each change as column=value, separated by commas (such as "
						+ "size=1024x1024, quality=hd); '" + Formats.bounded(change.strip(), 60) + "' is not one");
			}
			columns.put(change.substring(0, equals).strip(), change.substring(equals + 1).strip());
		}
		return columns;
	}

}
