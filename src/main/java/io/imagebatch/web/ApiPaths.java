package io.imagebatch.web;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where the API's resources are, encoded once: item ids come from input rows and may hold
 * any character.
 */
final class ApiPaths {

	private ApiPaths() {
	}

	static String run(String runId) {
		return UriComponentsBuilder.fromPath("/api/runs/{run}").buildAndExpand(runId).encode().toUriString();
	}

	static String image(String runId, String itemId, int index) {
		return UriComponentsBuilder.fromPath("/api/runs/{run}/items/{item}/images/{index}")
			.buildAndExpand(runId, itemId, index)
			.encode()
			.toUriString();
	}

}
