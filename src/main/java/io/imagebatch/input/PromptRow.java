package io.imagebatch.input;

import java.util.Map;

/**
 * One record of the CSV as read, before validation.
 *
 * @param line the 1-based physical line on which the record starts (the header is line 1)
 * @param columns the values keyed by lower-cased, trimmed header name, in header order;
 * blank values are left out
 */
public record PromptRow(long line, Map<String, String> columns) {

}
