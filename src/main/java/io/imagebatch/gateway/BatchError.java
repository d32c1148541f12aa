package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

/**
 * Why the provider refused a batch as a whole (a line of the input file it could not
 * read, say).
 *
 * @param code the provider's code, e.g. {@code invalid_json_line}
 * @param message the provider's message
 * @param line the line of the input file it is about, counted from 1, when it names one
 */
public record BatchError(@Nullable String code, @Nullable String message, @Nullable Long line) {

}
