package io.imagebatch.simulator;

import io.imagebatch.simulator.BatchFiles.StoredFile;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A file object of the Files API. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FileAnswer(String id, String object, long bytes, long createdAt, String filename, String purpose,
		String status) {

	static FileAnswer of(StoredFile file) {
		return new FileAnswer(file.id(), "file", file.bytes(), file.createdAt(), file.filename(), file.purpose(),
				"processed");
	}

	/** The answer of {@code DELETE /v1/files/{id}}. */
	record Deleted(String id, String object, boolean deleted) {

	}

}
