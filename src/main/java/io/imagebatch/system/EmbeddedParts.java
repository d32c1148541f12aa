package io.imagebatch.system;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The parts of this process that are embedded stand-ins (database, S3, gateway), so the
 * command line can say so plainly and nobody mistakes a demo for production.
 */
public final class EmbeddedParts {

	private final List<String> parts = new CopyOnWriteArrayList<>();

	public void add(String description) {
		this.parts.add(description);
	}

	public List<String> all() {
		return List.copyOf(this.parts);
	}

	/** One line for the start-up notice, or empty when nothing is embedded. */
	public String notice() {
		if (this.parts.isEmpty()) {
			return "";
		}
		return "embedded: " + String.join("; ", this.parts) + " (a local demo set-up, not production)";
	}

}
