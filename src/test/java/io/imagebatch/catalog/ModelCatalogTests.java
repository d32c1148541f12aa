package io.imagebatch.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void refusesADefaultSizeOrQualityTheModelDoesNotAccept() {
		// given
		ModelSpec spec = TestModelCatalog.loadSpecs().get("dall-e-3");
		ModelSpec oddSize = new ModelSpec(spec.endpoint(), spec.sizes(), false, 2048, 1, spec.qualities(), List.of(),
				List.of(), List.of(), List.of(), spec.responseFormats(), "512x512", "standard", 4000, true, false);
		ModelSpec oddQuality = new ModelSpec(spec.endpoint(), spec.sizes(), false, 2048, 1, spec.qualities(), List.of(),
				List.of(), List.of(), List.of(), spec.responseFormats(), "1024x1024", "ultra", 4000, true, false);

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelCatalog(Map.of("odd", oddSize)))
			.withMessage("imagebatch.models.odd.default-size '512x512' is not a size the model accepts");
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelCatalog(Map.of("odd", oddQuality)))
			.withMessage("imagebatch.models.odd.default-quality 'ultra' is not one of its qualities");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			dall-e-3    | 1792x1024 | true
			dall-e-3    | 1792X1024 | false
			dall-e-3    | auto      | false
			gpt-image-1 | auto      | true
			flux-pro    | 1024x1024 | true
			flux-pro    | 1x2048    | true
			flux-pro    | 2049x1    | false
			flux-pro    | 0512x512  | false
			flux-pro    | 0x512     | false
			flux-pro    | 1600 x 900 | false
			flux-pro    | 9999999999x1 | false
			""")
	void acceptsASizeAsAGatewayReadsIt(String id, String size, boolean accepted) {
		// when / then
		assertThat(this.catalog.find(id))
			.hasValueSatisfying((model) -> assertThat(model.acceptsSize(size)).isEqualTo(accepted));
	}

	@Test
	void findsNoModelForAnUnknownId() {
		// when / then
		assertThat(this.catalog.find("dall-e-4")).isEmpty();
		assertThat(this.catalog.find("openai/dall-e-4")).isEmpty();
		assertThat(this.catalog.find("dall-e-3/")).isEmpty();
	}

}
