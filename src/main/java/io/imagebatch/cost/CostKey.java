package io.imagebatch.cost;

import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a request is priced and accounted under, in the price table and the ledger alike:
 * the model's catalog id (a provider prefix the catalog does not know is dropped), and
 * the size and quality asked for, {@value #NOT_APPLICABLE} for a model that takes none.
 *
 * @param model the catalog id of the model
 * @param size the size, or {@value #NOT_APPLICABLE}
 * @param quality the quality, or {@value #NOT_APPLICABLE}
 */
public record CostKey(String model, String size, String quality) {

	/** Size or quality of a model that takes none. */
	public static final String NOT_APPLICABLE = "-";

	/**
	 * The key a request is priced under.
	 * @param request the request
	 * @param catalog the model catalog, which knows the model's id without a prefix
	 * @return the key
	 */
	public static CostKey of(ImageRequest request, ModelCatalog catalog) {
		String model = catalog.find(request.model()).map(Model::id).orElse(request.model());
		return new CostKey(model, orNotApplicable(request.size()), orNotApplicable(request.quality()));
	}

	/**
	 * A size or quality as accounted.
	 * @param value the value, {@code null} when the model takes none
	 * @return the value, or {@value #NOT_APPLICABLE}
	 */
	public static String orNotApplicable(@Nullable String value) {
		return (value != null) ? value : NOT_APPLICABLE;
	}

}
