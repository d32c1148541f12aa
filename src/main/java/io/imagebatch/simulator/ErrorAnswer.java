package io.imagebatch.simulator;

import org.jspecify.annotations.Nullable;

/**
 * An error as OpenAI writes it: {@code {"error": {"type", "code", "message"}}}. A missing
 * code is written as {@code null}, as OpenAI does, not left out.
 */
record ErrorAnswer(Fields error) {

	record Fields(String type, @Nullable String code, String message) {

	}

}
