package io.imagebatch.system;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside made safe to print on a terminal or write to a log: prompts, ids and
 * other CSV values, a gateway's codes and messages, a run's reason. Such text may carry
 * control characters and ECMA-48 escape sequences that a terminal obeys instead of
 * showing: a cleared screen, a cursor moved up to overwrite a line with a fake "all items
 * SUCCEEDED", a new window title, a hidden hyperlink. Those are removed, along with the
 * bidirectional overrides that make text read differently from what it holds; everything
 * a person can read is kept.
 */
public final class TerminalText {

	private static final char ESC = 0x1B;

	private static final char BEL = 0x07;

	/** The 8-bit form of {@code ESC [}. */
	private static final char CSI = 0x9B;

	/** The 8-bit string terminator, {@code ESC \}. */
	private static final char ST = 0x9C;

	private static final String ELLIPSIS = "…";

	private TerminalText() {
	}

	/**
	 * The text on one line, for a table cell or a line of a summary or a log: line breaks
	 * and tabs become spaces.
	 * @param text the text; {@code null} reads {@code null}, as in a string concatenation
	 * @return the printable text
	 */
	public static String line(@Nullable Object text) {
		return clean(String.valueOf(text), false);
	}

	/**
	 * The text on one line, cut to at most {@code maxLength} characters with an ellipsis.
	 * @param text the text
	 * @param maxLength the most characters shown, the ellipsis included
	 * @return the printable text
	 */
	public static String line(@Nullable Object text, int maxLength) {
		return shortened(line(text), maxLength);
	}

	/**
	 * The text with its line breaks and tabs kept, for a multi-line message or a stack
	 * trace; a carriage return, which would let a line overwrite the one before, becomes
	 * a line break.
	 * @param text the text
	 * @return the printable text
	 */
	public static String lines(@Nullable Object text) {
		return clean(String.valueOf(text), true);
	}

	/**
	 * The text cut to at most {@code maxLength} characters, the last being an ellipsis
	 * when it was cut; a surrogate pair is never split.
	 * @param text the text
	 * @param maxLength the most characters, at least 1
	 * @return the text, whole or cut
	 */
	public static String shortened(String text, int maxLength) {
		if (maxLength < 1) {
			throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
		}
		if (text.length() <= maxLength) {
			return text;
		}
		int end = maxLength - ELLIPSIS.length();
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end) + ELLIPSIS;
	}

	private static String clean(String text, boolean keepLineBreaks) {
		StringBuilder out = new StringBuilder(text.length());
		Scan scan = new Scan(text);
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == ESC) {
				i = scan.afterEscape(i + 1);
			}
			else if (c == CSI) {
				i = scan.afterControlSequence(i + 1);
			}
			else if (opensControlString(c)) {
				i = scan.afterControlString(i + 1, i + 1);
			}
			else if (c == '\r' || c == '\n' || c == '\t' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028
					|| c == 0x2029) {
				boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
				out.append(keepLineBreaks ? ((c == '\t') ? '\t' : '\n') : ' ');
				i += crlf ? 2 : 1;
			}
			else {
				if (!isControl(c) && !isBidiOverride(c)) {
					out.append(c);
				}
				i++;
			}
		}
		return out.toString();
	}

	/**
	 * Whether a character is a control character (C0, DEL or C1): never meant to be
	 * shown, and the one rule every check of untrusted text shares.
	 */
	public static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F);
	}

	/** Embeddings, overrides and isolates reorder what follows them on screen. */
	private static boolean isBidiOverride(char c) {
		return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
	}

	/** DCS, SOS, OSC, PM and APC in their 8-bit form. */
	private static boolean opensControlString(char c) {
		return c == 0x90 || c == 0x98 || c == 0x9D || c == 0x9E || c == 0x9F;
	}

	/**
	 * Finds where escape sequences end. A control string (a window title, a hyperlink)
	 * runs to its terminator, so one without a terminator would hide the rest of the
	 * text: then only its opening is removed. The search for terminators remembers where
	 * none is left, so text full of unterminated openings is still read once, not once
	 * per opening.
	 */
	private static final class Scan {

		private final String text;

		private int noTerminatorFrom = Integer.MAX_VALUE;

		Scan(String text) {
			this.text = text;
		}

		/** After {@code ESC} at {@code start - 1}. */
		int afterEscape(int start) {
			if (start >= this.text.length()) {
				return start;
			}
			char c = this.text.charAt(start);
			if (c == '[') {
				return afterControlSequence(start + 1);
			}
			if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
				return afterControlString(start + 1, start + 1);
			}
			int i = start;
			while (i < this.text.length() && this.text.charAt(i) >= 0x20 && this.text.charAt(i) <= 0x2F) {
				i++;
			}
			if (i < this.text.length() && this.text.charAt(i) >= 0x30 && this.text.charAt(i) <= 0x7E) {
				return i + 1;
			}
			// not a sequence: drop the ESC alone, the rest is ordinary text
			return start;
		}

		/** Parameters and intermediates up to and including the final byte. */
		int afterControlSequence(int start) {
			int i = start;
			while (i < this.text.length()) {
				char c = this.text.charAt(i);
				if (c >= 0x40 && c <= 0x7E) {
					return i + 1;
				}
				if (c < 0x20 || c > 0x3F) {
					return i;
				}
				i++;
			}
			return i;
		}

		/** Up to and including BEL or ST, or {@code fallback} when neither follows. */
		int afterControlString(int start, int fallback) {
			if (start >= this.noTerminatorFrom) {
				return fallback;
			}
			for (int i = start; i < this.text.length(); i++) {
				char c = this.text.charAt(i);
				if (c == BEL || c == ST) {
					return i + 1;
				}
				if (c == ESC && i + 1 < this.text.length() && this.text.charAt(i + 1) == '\\') {
					return i + 2;
				}
			}
			this.noTerminatorFrom = start;
			return fallback;
		}

	}

}
