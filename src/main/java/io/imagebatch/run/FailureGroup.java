package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

/**
 * A run's items that did not succeed for the same reason: one error type and gateway
 * code, with how many and one of their messages.
 *
 * @param type the error type
 * @param code the gateway's error code, {@code null} when it gave none (or no call was
 * made)
 * @param items how many items
 * @param sampleMessage one of their messages
 */
public record FailureGroup(ErrorType type, @Nullable String code, long items, String sampleMessage) {

}
