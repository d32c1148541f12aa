package io.imagebatch.input;

import java.util.Locale;

import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;

/**
 * Finds, describes and neutralises control characters (C0, DEL and C1) in input values. A
 * refused value is described, never printed: a raw NUL or escape sequence in a reason
 * would break the database column it is written to or the terminal it is shown on.
 */
final class ControlCharacters {

	/** What stands for a character that cannot be kept, as a decoder shows it. */
	static final char REPLACEMENT = '\uFFFD';

	private static final int SHOWN_OF_A_VALUE = 40;

	private ControlCharacters() {
	}

	/**
	 * Which control characters a value may hold.
	 */
	enum Allowed {

		/** None: a value that names something (an id, a model, a size). */
		NONE,

		/** Tab, line feed and carriage return: text a person wrote, such as a prompt. */
		LINE_BREAKS,

		/** Everything but NUL, which PostgreSQL text and JSON cannot hold. */
		ALL_BUT_NUL;

		boolean allows(char c) {
			return switch (this) {
				case NONE -> false;
				case LINE_BREAKS -> c == '\t' || c == '\n' || c == '\r';
				case ALL_BUT_NUL -> c != 0;
			};
		}

	}

	/**
	 * The first control character of {@code value} that is not allowed, described with
	 * its position for a person.
	 * @param value the value
	 * @param allowed which control characters are fine
	 * @return {@code "a NUL byte at character 17"} and the like, or {@code null} when the
	 * value has none
	 */
	static @Nullable String firstRefused(String value, Allowed allowed) {
		int position = 0;
		for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
			position++;
			char c = value.charAt(i);
			if (TerminalText.isControl(c) && !allowed.allows(c)) {
				return name(c) + " at character " + position;
			}
		}
		return null;
	}

	/**
	 * The value with every NUL replaced, so that PostgreSQL can store it; the rest is
	 * kept as it was read, for the person who fixes the row.
	 * @param value the value
	 * @return the storable value
	 */
	static String withoutNul(String value) {
		return (value.indexOf(0) < 0) ? value : value.replace((char) 0, REPLACEMENT);
	}

	/**
	 * A value as a reason quotes it: control characters shown by their code, and a long
	 * value cut short with its length.
	 * @param value the value
	 * @return the text to put between quotes
	 */
	static String quoted(String value) {
		int length = value.codePointCount(0, value.length());
		String shown = (length > SHOWN_OF_A_VALUE) ? value.substring(0, value.offsetByCodePoints(0, SHOWN_OF_A_VALUE))
				: value;
		StringBuilder quoted = new StringBuilder(shown.length() + 16);
		for (int i = 0; i < shown.length(); i++) {
			char c = shown.charAt(i);
			if (TerminalText.isControl(c)) {
				quoted.append(code(c));
			}
			else {
				quoted.append(c);
			}
		}
		if (length > SHOWN_OF_A_VALUE) {
			quoted.append("… (").append(length).append(" characters)");
		}
		return quoted.toString();
	}

	private static String name(char c) {
		return switch (c) {
			case 0 -> "a NUL byte";
			case '\t' -> "a tab";
			case '\n', '\r' -> "a line break";
			default -> "a control character (" + code(c) + ")";
		};
	}

	private static String code(char c) {
		return String.format(Locale.ROOT, "U+%04X", (int) c);
	}

}
