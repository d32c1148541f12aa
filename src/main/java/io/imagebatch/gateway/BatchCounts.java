package io.imagebatch.gateway;

/**
 * How far the provider says a batch has come.
 *
 * @param total requests in the batch
 * @param completed requests answered with success
 * @param failed requests that failed
 */
public record BatchCounts(int total, int completed, int failed) {

}
