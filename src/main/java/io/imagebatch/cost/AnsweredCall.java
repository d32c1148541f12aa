package io.imagebatch.cost;

import java.util.List;

/**
 * An item's last call that the gateway answered, as the ledger recorded it: what a
 * restart needs to finish the item without paying again.
 *
 * @param images how many images the gateway returned
 * @param cost what the call cost
 * @param imageUrls the URLs of the images, in order, when they came as URLs; empty when
 * they came inline
 */
public record AnsweredCall(int images, Cost cost, List<String> imageUrls) {

	public AnsweredCall {
		imageUrls = List.copyOf(imageUrls);
	}

}
