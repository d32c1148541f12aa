package io.imagebatch.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that knows which models exist and what they accept. Model ids may carry a
 * provider prefix ({@code openai/dall-e-3}); the prefix is kept for the call and ignored
 * for the lookup when the full id is not in the catalog.
 */
public final class ModelCatalog {

	private final Map<String, Model> models;

	/**
	 * @param specs what each model accepts, by id
	 * @throws IllegalArgumentException when a model's default size or quality is not one
	 * it accepts: every row relying on it would be refused by the gateway
	 */
	public ModelCatalog(Map<String, ModelSpec> specs) {
		Map<String, Model> byId = new LinkedHashMap<>();
		specs.forEach((id, spec) -> byId.put(id, checked(new Model(id, spec))));
		this.models = Collections.unmodifiableMap(byId);
	}

	/**
	 * The model behind an id, with or without a provider prefix.
	 * @param modelId the id as a row or request names it
	 * @return the model, empty when the catalog does not know it
	 */
	public Optional<Model> find(String modelId) {
		Model exact = this.models.get(modelId);
		if (exact != null) {
			return Optional.of(exact);
		}
		int slash = modelId.lastIndexOf('/');
		return (slash < 0) ? Optional.empty() : Optional.ofNullable(this.models.get(modelId.substring(slash + 1)));
	}

	/**
	 * The ids of the catalog, in the order configured.
	 * @return the ids
	 */
	public Set<String> ids() {
		return this.models.keySet();
	}

	private static Model checked(Model model) {
		ModelSpec spec = model.spec();
		if (spec.defaultSize() != null && !model.acceptsSize(spec.defaultSize())) {
			throw new IllegalArgumentException("imagebatch.models.%s.default-size '%s' is not a size the model accepts"
				.formatted(model.id(), spec.defaultSize()));
		}
		if (spec.defaultQuality() != null && !model.accepts(Parameter.QUALITY, spec.defaultQuality())) {
			throw new IllegalArgumentException("imagebatch.models.%s.default-quality '%s' is not one of its qualities"
				.formatted(model.id(), spec.defaultQuality()));
		}
		return model;
	}

}
