package io.imagebatch.simulator;

import java.util.UUID;

/** The random hex that makes the Batch API's ids ({@code file-…}, {@code batch_…}). */
final class Ids {

	private Ids() {
	}

	static String hex() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
