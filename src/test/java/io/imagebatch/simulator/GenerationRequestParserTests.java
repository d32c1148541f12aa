package io.imagebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import io.imagebatch.catalog.TestModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GenerationRequestParserTests {

	private final GenerationRequestParser parser = new GenerationRequestParser(JsonMapper.builder().build(),
			TestModelCatalog.load());

	@Test
	void appliesTheModelsDefaults() {
		// when
		GenerationRequest request = parse("""
				{"model": "gpt-image-1", "prompt": "A cat"}""");

		// then
		assertThat(request.n()).isEqualTo(1);
		assertThat(request.size()).isEqualTo("auto");
		assertThat(request.quality()).isEqualTo("auto");
		assertThat(request.responseFormat()).isEqualTo("url");
		assertThat(request.reportsUsage()).isTrue();
	}

	@Test
	void keepsTheProviderPrefixWhileResolvingTheModel() {
		// when
		GenerationRequest request = parse("""
				{"model": "openai/dall-e-3", "prompt": "A cat"}""");

		// then
		assertThat(request.requestedModel()).isEqualTo("openai/dall-e-3");
		assertThat(request.model().id()).isEqualTo("dall-e-3");
	}

	@Test
	void acceptsACustomSizeWithinTheLimitWhenTheModelAllowsThem() {
		assertThat(parse("""
				{"model": "flux-pro", "prompt": "A cat", "size": "1600x900"}""").size()).isEqualTo("1600x900");
		assertThat(refusal("""
				{"model": "flux-pro", "prompt": "A cat", "size": "4096x900"}""").code()).isEqualTo("invalid_size");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					{"model": "nope", "prompt": "A cat"}                                  | model_not_found
					{"model": "dall-e-2"}                                                 | missing_prompt
					{"model": "dall-e-2", "prompt": "   "}                                | missing_prompt
					{"model": "dall-e-2", "prompt": "A cat", "n": 11}                     | invalid_n
					{"model": "dall-e-2", "prompt": "A cat", "n": 1.5}                    | invalid_n
					{"model": "dall-e-2", "prompt": "A cat", "n": "2"}                    | invalid_n
					{"model": "dall-e-2", "prompt": "A cat", "quality": "hd"}             | invalid_quality
					{"model": "dall-e-2", "prompt": "A cat", "style": "vivid"}            | invalid_style
					{"model": "dall-e-3", "prompt": "A cat", "background": "transparent"} | invalid_background
					{"model": "dall-e-3", "prompt": "A cat", "moderation": "low"}         | invalid_moderation
					{"model": "dall-e-3", "prompt": "A cat", "output_format": "png"}      | invalid_output_format
					{"model": "dall-e-3", "prompt": "A cat", "response_format": "gif"}    | invalid_response_format
					{"model": "gpt-image-1", "prompt": "A", "background": "transparent", "output_format": "jpeg"} | invalid_background
					{"model": "flux-pro", "prompt": "A cat", "size": "0512x0512"}        | invalid_size
					{"model": "dall-e-3", "prompt": "A cat", "image": "https://example.com/a.png"} | invalid_image
					[1, 2]                                                                | invalid_json
					""")
	void refusesWhatTheModelDoesNotAccept(String body, String code) {
		assertThat(refusal(body).code()).isEqualTo(code);
	}

	@Test
	void answersInB64JsonWhenTheModelOffersNoResponseFormat() {
		// given
		ModelSpec spec = TestModelCatalog.loadSpecs().get("gpt-image-1");
		ModelSpec noFormats = new ModelSpec(spec.endpoint(), spec.sizes(), spec.customSizes(), spec.maxCustomSide(),
				spec.maxN(), spec.qualities(), spec.styles(), spec.backgrounds(), spec.moderations(),
				spec.outputFormats(), List.of(), spec.defaultSize(), spec.defaultQuality(), spec.maxPromptLength(),
				spec.acceptsUser(), spec.acceptsImage());
		GenerationRequestParser parser = new GenerationRequestParser(JsonMapper.builder().build(),
				new ModelCatalog(Map.of("gpt-image-1", noFormats)));

		// when
		GenerationRequest request = parser.parse("""
				{"model": "gpt-image-1", "prompt": "A cat"}""".getBytes(StandardCharsets.UTF_8), false);

		// then
		assertThat(request.responseFormat()).isEqualTo("b64_json");
	}

	@Test
	void refusesAPromptLongerThanTheModelAllows() {
		// given
		String prompt = "a".repeat(1001);

		// when
		SimulatorError error = refusal("""
				{"model": "dall-e-2", "prompt": "%s"}""".formatted(prompt));

		// then
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.code()).isEqualTo("string_above_max_length");
		assertThat(error.getMessage()).contains("1000").contains("1001");
	}

	@Test
	void namesTheOfferedValuesWhenRefusingAnOption() {
		assertThat(refusal("""
				{"model": "dall-e-3", "prompt": "A cat", "style": "noir"}""").getMessage())
			.isEqualTo("Invalid style for dall-e-3: must be vivid or natural");
		assertThat(refusal("""
				{"model": "dall-e-2", "prompt": "A cat", "n": 0}""").getMessage())
			.isEqualTo("n must be an integer between 1 and 10 for dall-e-2");
	}

	@Test
	void listsValuesTheWayTheDocumentsDo() {
		assertThat(GenerationRequestParser.oneOf(List.of("a"))).isEqualTo("a");
		assertThat(GenerationRequestParser.oneOf(List.of("a", "b"))).isEqualTo("a or b");
		assertThat(GenerationRequestParser.oneOf(List.of("a", "b", "c"))).isEqualTo("a, b, or c");
	}

	private GenerationRequest parse(String body) {
		return this.parser.parse(body.getBytes(StandardCharsets.UTF_8), false);
	}

	private SimulatorError refusal(String body) {
		return assertThatExceptionOfType(SimulatorError.class).isThrownBy(() -> parse(body)).actual();
	}

}
