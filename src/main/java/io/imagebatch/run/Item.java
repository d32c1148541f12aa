package io.imagebatch.run;

import java.util.Map;

import io.imagebatch.gateway.ImageRequest;

/**
 * An item claimed for generation.
 *
 * @param id the item id
 * @param runId its run
 * @param externalId the input's id (or line number)
 * @param line the input line it came from
 * @param request what to generate
 * @param metadata extra input columns
 * @param attempts calls made for it so far
 * @param version the optimistic lock version
 * @param needsCheck a dead process left it in flight: its images may be in S3 already
 */
public record Item(long id, String runId, String externalId, long line, ImageRequest request,
		Map<String, String> metadata, int attempts, int version, boolean needsCheck) {

}
