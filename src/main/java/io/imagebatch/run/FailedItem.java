package io.imagebatch.run;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A FAILED or INVALID item, as a resubmission reads it.
 *
 * @param id the item's database id
 * @param externalId the input's id
 * @param line the input line
 * @param status FAILED or INVALID
 * @param errorType why it did not succeed
 * @param errorMessage the reason
 * @param columns the item as an input row again: a FAILED item's request fields and extra
 * columns, an INVALID item's columns as they were read
 * @param resubmittedBefore whether an earlier resubmission already retried it
 */
record FailedItem(long id, String externalId, long line, ItemStatus status, ErrorType errorType,
		@Nullable String errorMessage, Map<String, String> columns, boolean resubmittedBefore) {

}
