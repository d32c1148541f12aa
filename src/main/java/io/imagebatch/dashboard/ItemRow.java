package io.imagebatch.dashboard;

import java.util.List;

import io.imagebatch.cost.ItemCost;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.web.ApiPaths;
import org.jspecify.annotations.Nullable;

/**
 * An item as the items table writes it. Everything that came from an input row or a
 * gateway (prompt, code, message) is cut to a length a table can show; the page escapes
 * it.
 *
 * @param id the item's id from the input
 * @param line the input line it came from
 * @param status where it is
 * @param prompt its prompt, cut short
 * @param errorType why it did not succeed, if it did not
 * @param errorCode the gateway's code, if any
 * @param message the reason, cut short
 * @param fullMessage whether {@code message} is the whole reason
 * @param model its model
 * @param size its size
 * @param quality its quality
 * @param attempts calls made for it
 * @param cost what its calls cost, {@code –} before any answer
 * @param images where the API streams its images
 */
record ItemRow(String id, long line, String status, String prompt, @Nullable String errorType,
		@Nullable String errorCode, String message, boolean fullMessage, String model, String size, String quality,
		int attempts, String cost, List<String> images) {

	/** A message this long is shown whole; most gateways' are shorter. */
	static final int MESSAGE_LENGTH = 240;

	static final int PROMPT_LENGTH = 120;

	static ItemRow of(String runId, ItemSnapshot item, @Nullable ItemCost cost) {
		String message = (item.errorMessage() != null) ? item.errorMessage().strip() : "";
		return new ItemRow(item.externalId(), item.line(), item.status().name(),
				Formats.bounded(item.prompt(), PROMPT_LENGTH),
				(item.errorType() != null) ? item.errorType().name() : null, item.errorCode(),
				Formats.bounded(message, MESSAGE_LENGTH), message.length() <= MESSAGE_LENGTH, orDash(item.model()),
				orDash(item.size()), orDash(item.quality()), item.attempts(), cost(cost),
				item.images()
					.stream()
					.map((image) -> ApiPaths.image(runId, item.externalId(), image.index()))
					.toList());
	}

	/** The known cost, with the images left unpriced said so. */
	static String cost(@Nullable ItemCost cost) {
		if (cost == null) {
			return "–";
		}
		String known = (cost.usd() != null) ? Formats.usdExact(cost.usd()) : "–";
		return (cost.unpricedImages() > 0) ? known + " (" + cost.unpricedImages() + " unpriced)" : known;
	}

	static String orDash(@Nullable String text) {
		return (text != null && !text.isBlank()) ? text : "–";
	}

}
