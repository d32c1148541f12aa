package io.imagebatch.catalog;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The model catalog by id: the built-in {@code imagebatch-models.yml}, with whatever
 * configuration adds or overrides under {@code imagebatch.models.<id>}.
 *
 * @param models what each model accepts, by id
 */
@ConfigurationProperties("imagebatch")
public record CatalogProperties(@DefaultValue Map<String, ModelSpec> models) {

	/**
	 * The catalog these properties describe.
	 * @return the catalog
	 */
	public ModelCatalog catalog() {
		return new ModelCatalog(this.models);
	}

}
