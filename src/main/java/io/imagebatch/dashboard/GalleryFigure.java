package io.imagebatch.dashboard;

import java.util.List;

import io.imagebatch.cost.ItemCost;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.run.StoredImage;
import io.imagebatch.web.ApiPaths;
import org.jspecify.annotations.Nullable;

/**
 * One stored image as the gallery shows it: streamed through the API (never from a
 * bucket's URL), with what asked for it and what it cost.
 *
 * @param src where the API streams it
 * @param item the item's id from the input
 * @param index its position in the gateway's answer
 * @param prompt the prompt, also the image's text alternative
 * @param revisedPrompt the prompt as the model rewrote it, if it did
 * @param model the model
 * @param size the size
 * @param quality the quality
 * @param cost what the item's calls cost
 * @param attempts calls made for the item
 * @param location where the object is, {@code s3://bucket/key}
 */
record GalleryFigure(String src, String item, int index, String prompt, @Nullable String revisedPrompt, String model,
		String size, String quality, String cost, int attempts, String location) {

	/** Enough of a prompt to tell images apart; the items table has the item. */
	static final int PROMPT_LENGTH = 300;

	static List<GalleryFigure> of(String runId, ItemSnapshot item, @Nullable ItemCost cost) {
		return item.images().stream().map((image) -> of(runId, item, image, cost)).toList();
	}

	private static GalleryFigure of(String runId, ItemSnapshot item, StoredImage image, @Nullable ItemCost cost) {
		String revised = image.revisedPrompt();
		return new GalleryFigure(ApiPaths.image(runId, item.externalId(), image.index()), item.externalId(),
				image.index(), Formats.bounded(item.prompt(), PROMPT_LENGTH),
				(revised != null && !revised.isBlank()) ? Formats.bounded(revised, PROMPT_LENGTH) : null,
				ItemRow.orDash(item.model()), ItemRow.orDash(item.size()), ItemRow.orDash(item.quality()),
				ItemRow.cost(cost), item.attempts(), "s3://" + image.bucket() + "/" + image.key());
	}

}
