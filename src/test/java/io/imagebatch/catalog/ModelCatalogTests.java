package io.imagebatch.catalog;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCatalogTests {

	private final ModelCatalog catalog = TestModelCatalog.load();

	@Test
	void findsAModelByItsId() {
		// when
		Optional<Model> model = this.catalog.find("dall-e-3");

		// then
		assertThat(model).hasValueSatisfying((found) -> {
			assertThat(found.id()).isEqualTo("dall-e-3");
			assertThat(found.spec().styles()).containsExactly("vivid", "natural");
		});
	}

	@Test
	void findsAModelByAnIdWithAProviderPrefix() {
		// when
		Optional<Model> model = this.catalog.find("openai/dall-e-3");

		// then
		assertThat(model).map(Model::id).contains("dall-e-3");
	}

	@Test
	void prefersAModelWhoseIdIncludesThePrefix() {
		// given
		ModelSpec spec = TestModelCatalog.loadSpecs().get("dall-e-3");
		ModelCatalog catalog = new ModelCatalog(Map.of("dall-e-3", spec, "azure/dall-e-3", spec));

		// when
		Optional<Model> model = catalog.find("azure/dall-e-3");

		// then
		assertThat(model).map(Model::id).contains("azure/dall-e-3");
	}

	@Test
	void findsNoModelForAnUnknownId() {
		// when / then
		assertThat(this.catalog.find("dall-e-4")).isEmpty();
		assertThat(this.catalog.find("openai/dall-e-4")).isEmpty();
		assertThat(this.catalog.find("dall-e-3/")).isEmpty();
	}

}
