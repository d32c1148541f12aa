package io.imagebatch.run;

import java.nio.charset.StandardCharsets;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.Sha256;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of a run's {@code manifest.jsonl} for each item (DESIGN §2.4): its input
 * coordinates, status, stored images, cost and error, as one JSON object. Every field is
 * always there, {@code null} when it does not apply, so that a line can be read without
 * knowing the item's status first; money is a decimal string with six places, as in
 * reports.
 */
final class ManifestFormat {

	private final JsonMapper json;

	/** A manifest may be printed with {@code cat}: no control character stays raw. */
	private final ObjectWriter writer;

	ManifestFormat(JsonMapper json) {
		this.json = json;
		this.writer = json.writer().with(JsonControlEscapes.INSTANCE);
	}

	/**
	 * The line of one item, without its line break.
	 * @param item the item
	 * @param cost what its calls cost, {@code null} when no call was answered
	 * @return one JSON object
	 */
	String line(ItemSnapshot item, @Nullable ItemCost cost) {
		ObjectNode line = this.json.createObjectNode();
		line.put("id", item.externalId());
		line.put("line", item.line());
		line.put("status", item.status().name());
		text(line, "model", item.model());
		text(line, "size", item.size());
		text(line, "quality", item.quality());
		text(line, "prompt", item.prompt());
		text(line, "prompt_sha256",
				(item.prompt() != null) ? Sha256.hex(item.prompt().getBytes(StandardCharsets.UTF_8)) : null);
		ArrayNode images = line.putArray("images");
		for (StoredImage image : item.images()) {
			images.addObject()
				.put("index", image.index())
				.put("key", image.key())
				.put("bucket", image.bucket())
				.put("sha256", image.sha256())
				.put("content_type", image.contentType())
				.put("bytes", image.bytes());
		}
		text(line, "cost_usd", (cost != null && cost.usd() != null) ? Cost.format(cost.usd()) : null);
		line.put("unpriced_images", (cost != null) ? cost.unpricedImages() : 0);
		line.put("attempts", item.attempts());
		if (item.errorType() != null) {
			ObjectNode error = line.putObject("error");
			error.put("type", item.errorType().name());
			// bounded when stored; again for items stored before they were
			text(error, "code", StoredText.code(item.errorCode()));
			text(error, "message", (item.errorMessage() != null) ? StoredText.message(item.errorMessage()) : null);
		}
		else {
			line.putNull("error");
		}
		text(line, "retry_of", item.retryOf());
		return this.writer.writeValueAsString(line);
	}

	private static void text(ObjectNode node, String name, @Nullable String value) {
		if (value != null) {
			node.put(name, value);
		}
		else {
			node.putNull(name);
		}
	}

}
