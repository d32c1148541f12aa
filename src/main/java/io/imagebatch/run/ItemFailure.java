package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

/**
 * A failed or invalid item, for reports.
 *
 * @param itemId the item id
 * @param externalId the input's id
 * @param line the input line
 * @param status FAILED or INVALID
 * @param type the error type
 * @param code the gateway's code, if any
 * @param message what went wrong
 * @param model the model asked for
 */
public record ItemFailure(long itemId, String externalId, long line, ItemStatus status, ErrorType type,
		@Nullable String code, String message, @Nullable String model) {

}
