package io.imagebatch.system;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import org.jspecify.annotations.Nullable;

/**
 * JSON escapes for output a person may read on a terminal ({@code report --format json},
 * a manifest printed with {@code cat}). Jackson escapes the C0 controls, ESC among them,
 * as JSON requires, but writes DEL, the C1 controls (an 8-bit CSI works like
 * {@code ESC [} on many terminals) and the bidirectional overrides as they are; these are
 * escaped as {@code \}{@code uXXXX} too. The JSON means the same either way.
 */
public final class JsonControlEscapes extends CharacterEscapes {

	/** The one instance; it holds no state. */
	public static final JsonControlEscapes INSTANCE = new JsonControlEscapes();

	private final int[] ascii;

	private JsonControlEscapes() {
		this.ascii = CharacterEscapes.standardAsciiEscapesForJSON();
		this.ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
	}

	@Override
	public int[] getEscapeCodesForAscii() {
		return this.ascii;
	}

	@Override
	public @Nullable SerializableString getEscapeSequence(int c) {
		boolean c1 = c >= 0x80 && c <= 0x9F;
		boolean bidi = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
		return (c1 || bidi) ? new SerializedString(String.format("\\u%04X", c)) : null;
	}

}
