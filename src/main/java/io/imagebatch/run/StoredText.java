package io.imagebatch.run;

import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;

/**
 * What is kept of text a gateway chose: its error codes and messages, a revised prompt. A
 * gateway may send a code longer than its column or a message of megabytes; stored whole,
 * the first would fail the statement that settles the item (leaving it stuck in flight)
 * and the second would be printed whole by every report. Each is cut to a length that
 * holds what a person needs, ending in an ellipsis when cut; NUL, which PostgreSQL text
 * cannot hold, is dropped. Every write of such text asks here.
 */
final class StoredText {

	/** The length of {@code item.error_code}. */
	static final int CODE_LENGTH = 200;

	/**
	 * Enough for any real explanation; the rest of a longer one is noise or an attack.
	 */
	static final int MESSAGE_LENGTH = 2_000;

	/** A run's reason: our words around a gateway's message. */
	static final int REASON_LENGTH = 4_000;

	/** The longest prompt a model takes (gpt-image-1) leaves room for any revision. */
	static final int REVISED_PROMPT_LENGTH = 32_000;

	private StoredText() {
	}

	static @Nullable String code(@Nullable String code) {
		return bounded(code, CODE_LENGTH);
	}

	static String message(String message) {
		return bounded(message, MESSAGE_LENGTH);
	}

	static @Nullable String reason(@Nullable String reason) {
		return bounded(reason, REASON_LENGTH);
	}

	static @Nullable String revisedPrompt(@Nullable String revisedPrompt) {
		return bounded(revisedPrompt, REVISED_PROMPT_LENGTH);
	}

	private static @Nullable String bounded(@Nullable String text, int maxLength) {
		if (text == null) {
			return null;
		}
		// cut first: a message of megabytes is not copied whole to drop a character
		String cut = TerminalText.shortened(text, maxLength);
		return (cut.indexOf('\u0000') >= 0) ? cut.replace("\u0000", "") : cut;
	}

}
