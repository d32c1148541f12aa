package io.imagebatch.cost;

/**
 * The kinds of tokens priced separately.
 */
public enum TokenKind {

	TEXT_INPUT, IMAGE_INPUT, IMAGE_OUTPUT, TEXT_OUTPUT;

	String dbValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
