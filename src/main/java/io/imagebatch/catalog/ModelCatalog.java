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

	public ModelCatalog(Map<String, ModelSpec> specs) {
		Map<String, Model> byId = new LinkedHashMap<>();
		specs.forEach((id, spec) -> byId.put(id, new Model(id, spec)));
		this.models = Collections.unmodifiableMap(byId);
	}

	public Optional<Model> find(String modelId) {
		Model exact = this.models.get(modelId);
		if (exact != null) {
			return Optional.of(exact);
		}
		int slash = modelId.lastIndexOf('/');
		return (slash < 0) ? Optional.empty() : Optional.ofNullable(this.models.get(modelId.substring(slash + 1)));
	}

	public Set<String> ids() {
		return this.models.keySet();
	}

}
