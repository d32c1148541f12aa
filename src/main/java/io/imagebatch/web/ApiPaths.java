package io.imagebatch.web;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where the API's resources are, encoded once: item ids come from input rows and may hold
 * any character.
 */
public final class ApiPaths {

	private ApiPaths() {
	}

	/** A run's resource. */
	public static String run(String runId) {
		return UriComponentsBuilder.fromPath("/api/runs/{run}").buildAndExpand(runId).encode().toUriString();
	}

	/** A schedule's resource. */
	public static String schedule(String name) {
		return UriComponentsBuilder.fromPath("/api/schedules/{name}").buildAndExpand(name).encode().toUriString();
	}

	/** Where an item's stored image streams from. */
	public static String image(String runId, String itemId, int index) {
		return UriComponentsBuilder.fromPath("/api/runs/{run}/items/{item}/images/{index}")
			.buildAndExpand(runId, itemId, index)
			.encode()
			.toUriString();
	}

}
