package io.imagebatch.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.gateway.TestModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RowValidatorTests {

	private final RowValidator validator = new RowValidator(TestModelCatalog.load());

	@Test
	void turnsARowIntoARequestWithTheModelsDefaultSizeAndQualityAndOneImage() {
		// given
		PromptRow row = aRow().onLine(7).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated).isEqualTo(new ValidatedRow.Valid(7, "7", new ImageRequest("dall-e-3", "a red bicycle", 1,
				"1024x1024", "standard", null, null, null, null, null, null), Map.of()));
	}

	@Test
	void leavesSizeAndQualityOutWhenTheModelHasNoDefaultForThem() {
		// given
		PromptRow row = aRow().with("model", "gemini-2.5-flash-image-generation").build();

		// when
		ImageRequest request = requestOf(this.validator.validate(row, RowDefaults.NONE));

		// then
		assertThat(request.size()).isNull();
		assertThat(request.quality()).isNull();
	}

	@Test
	void takesTheExternalIdFromTheIdColumn() {
		// given
		PromptRow row = aRow().with("id", "sku-42").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated.externalId()).isEqualTo("sku-42");
	}

	@Test
	void fillsMissingColumnsFromTheDefaultsAheadOfTheModelsOwn() {
		// given
		PromptRow row = aRow().without("model").build();
		RowDefaults defaults = new RowDefaults("dall-e-3", "1792x1024", "hd", "natural", 1, null, null, null,
				"b64_json");

		// when
		ImageRequest request = requestOf(this.validator.validate(row, defaults));

		// then
		assertThat(request).isEqualTo(new ImageRequest("dall-e-3", "a red bicycle", 1, "1792x1024", "hd", "natural",
				null, null, null, "b64_json", null));
	}

	@Test
	void prefersTheRowsValuesToTheDefaults() {
		// given
		PromptRow row = aRow().with("model", "dall-e-2")
			.with("size", "256x256")
			.with("n", "3")
			.with("response_format", "url")
			.build();
		RowDefaults defaults = new RowDefaults("dall-e-3", "1024x1024", null, null, 1, null, null, null, "b64_json");

		// when
		ImageRequest request = requestOf(this.validator.validate(row, defaults));

		// then
		assertThat(request).isEqualTo(new ImageRequest("dall-e-2", "a red bicycle", 3, "256x256", "standard", null,
				null, null, null, "url", null));
	}

	@Test
	void leavesOutADefaultForAFieldTheModelDoesNotTake() {
		// given
		PromptRow row = aRow().with("model", "gpt-image-1").build();
		RowDefaults defaults = new RowDefaults(null, null, null, "vivid", null, null, null, null, null);

		// when
		ImageRequest request = requestOf(this.validator.validate(row, defaults));

		// then
		assertThat(request.style()).isNull();
	}

	@Test
	void rejectsADefaultValueTheModelDoesNotOfferSayingWhereItCameFrom() {
		// given
		PromptRow row = aRow().with("model", "gpt-image-1").build();
		RowDefaults defaults = new RowDefaults(null, null, "hd", null, null, null, null, null, null);

		// when
		ValidatedRow validated = this.validator.validate(row, defaults);

		// then
		assertThat(reasonOf(validated))
			.isEqualTo("quality 'hd' (from --quality) is not offered by gpt-image-1; choose low, medium, high or auto");
	}

	@Test
	void lowerCasesEnumeratedValues() {
		// given
		PromptRow row = aRow().with("size", "1024X1792")
			.with("quality", "HD")
			.with("style", "Vivid")
			.with("response_format", "B64_JSON")
			.build();

		// when
		ImageRequest request = requestOf(this.validator.validate(row, RowDefaults.NONE));

		// then
		assertThat(request.size()).isEqualTo("1024x1792");
		assertThat(request.quality()).isEqualTo("hd");
		assertThat(request.style()).isEqualTo("vivid");
		assertThat(request.responseFormat()).isEqualTo("b64_json");
	}

	@Test
	void keepsTheProviderPrefixInTheRequestAndChecksAgainstTheModelBehindIt() {
		// given
		PromptRow valid = aRow().with("model", "openai/dall-e-3").build();
		PromptRow invalid = aRow().with("model", "openai/dall-e-3").with("size", "512x512").build();

		// when
		ImageRequest request = requestOf(this.validator.validate(valid, RowDefaults.NONE));
		ValidatedRow rejected = this.validator.validate(invalid, RowDefaults.NONE);

		// then
		assertThat(request.model()).isEqualTo("openai/dall-e-3");
		assertThat(reasonOf(rejected)).startsWith("size 512x512 is not offered by dall-e-3");
	}

	@Test
	void keepsColumnsThatAreNotRequestFieldsAsMetadataInHeaderOrder() {
		// given
		PromptRow row = aRow().with("sku", "A-1")
			.with("id", "x")
			.with("category", "lighting")
			.with("user", "u-1")
			.with("brand", "Lumen")
			.build();

		// when
		ValidatedRow.Valid valid = (ValidatedRow.Valid) this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(valid.metadata()).containsExactly(Map.entry("sku", "A-1"), Map.entry("category", "lighting"),
				Map.entry("brand", "Lumen"));
		assertThat(valid.request().user()).isEqualTo("u-1");
	}

	@Test
	void readsSafetyIdentifierAsTheUser() {
		// given
		PromptRow row = aRow().with("safety_identifier", "hashed-7").build();

		// when
		ValidatedRow.Valid valid = (ValidatedRow.Valid) this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(valid.request().user()).isEqualTo("hashed-7");
		assertThat(valid.metadata()).isEmpty();
	}

	@Test
	void rejectsARowWithoutAPrompt() {
		// given
		PromptRow missing = aRow().without("prompt").with("model", "no-such-model").build();
		PromptRow blank = aRow().with("prompt", "   ").build();

		// when / then
		assertThat(reasonOf(this.validator.validate(missing, RowDefaults.NONE))).isEqualTo("prompt is empty");
		assertThat(reasonOf(this.validator.validate(blank, RowDefaults.NONE))).isEqualTo("prompt is empty");
	}

	@Test
	void rejectsARowWithoutAModelWhenNoDefaultNamesOne() {
		// given
		PromptRow row = aRow().without("model").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo("no model: add a 'model' column or pass --model");
	}

	@Test
	void rejectsAnUnknownModelListingTheKnownOnes() {
		// given
		PromptRow row = aRow().with("model", "dalle-3").with("n", "two").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo("unknown model 'dalle-3'; known models: dall-e-2, dall-e-3, "
				+ "gpt-image-1, gpt-image-1-mini, flux-pro, stable-diffusion-xl-1024-v1-0, "
				+ "gemini-2.5-flash-image-generation");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			dall-e-3 | two | n must be a whole number, got 'two'
			dall-e-3 | 1.0 | n must be a whole number, got '1.0'
			dall-e-3 | -1  | n must be a whole number, got '-1'
			dall-e-3 | 2   | n must be 1 for dall-e-3, got 2
			dall-e-2 | 11  | n must be between 1 and 10 for dall-e-2, got 11
			dall-e-2 | 0   | n must be between 1 and 10 for dall-e-2, got 0
			dall-e-2 | 99999999999 | n must be between 1 and 10 for dall-e-2, got 99999999999
			""")
	void rejectsANumberOfImagesTheModelDoesNotAllow(String model, String n, String reason) {
		// given
		PromptRow row = aRow().with("model", model).with("n", n).with("size", "1x1").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void acceptsTheLargestNumberOfImagesTheModelAllows() {
		// given
		PromptRow row = aRow().with("model", "dall-e-2").with("n", "10").build();

		// when
		ImageRequest request = requestOf(this.validator.validate(row, RowDefaults.NONE));

		// then
		assertThat(request.n()).isEqualTo(10);
	}

	@Test
	void rejectsADefaultNumberOfImagesTheModelDoesNotAllow() {
		// given
		PromptRow row = aRow().build();
		RowDefaults defaults = new RowDefaults(null, null, null, null, 2, null, null, null, null);

		// when
		ValidatedRow validated = this.validator.validate(row, defaults);

		// then
		assertThat(reasonOf(validated)).isEqualTo("n must be 1 for dall-e-3, got 2 (from --n)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					dall-e-3 | 512x512 | size 512x512 is not offered by dall-e-3; choose 1024x1024, 1792x1024 or 1024x1792
					flux-pro | 4096x1024 | size 4096x1024 is not offered by flux-pro; choose 1024x1024 or any WIDTHxHEIGHT up to 2048 pixels a side
					flux-pro | 0x512 | size 0x512 is not offered by flux-pro; choose 1024x1024 or any WIDTHxHEIGHT up to 2048 pixels a side
					flux-pro | big | size big is not offered by flux-pro; choose 1024x1024 or any WIDTHxHEIGHT up to 2048 pixels a side
					gemini-2.5-flash-image-generation | 1024x1024 | size is not supported by gemini-2.5-flash-image-generation
					""")
	void rejectsASizeTheModelDoesNotOffer(String model, String size, String reason) {
		// given
		PromptRow row = aRow().with("model", model).with("size", size).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void acceptsACustomSizeWithinTheModelsLimit() {
		// given
		PromptRow row = aRow().with("model", "flux-pro").with("size", "2048X640").build();

		// when
		ImageRequest request = requestOf(this.validator.validate(row, RowDefaults.NONE));

		// then
		assertThat(request.size()).isEqualTo("2048x640");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					dall-e-3    | quality         | ultra | quality 'ultra' is not offered by dall-e-3; choose standard or hd
					gpt-image-1 | style           | vivid | style is not supported by gpt-image-1
					dall-e-3    | background      | auto  | background is not supported by dall-e-3
					gpt-image-1 | background      | clear | background 'clear' is not offered by gpt-image-1; choose transparent, opaque or auto
					dall-e-3    | moderation      | low   | moderation is not supported by dall-e-3
					gpt-image-1 | moderation      | high  | moderation 'high' is not offered by gpt-image-1; choose low or auto
					dall-e-2    | output_format   | png   | output_format is not supported by dall-e-2
					gpt-image-1 | output_format   | gif   | output_format 'gif' is not offered by gpt-image-1; choose png, jpeg or webp
					gemini-2.5-flash-image-generation | response_format | url | response_format 'url' is not offered by gemini-2.5-flash-image-generation; choose b64_json
					""")
	void rejectsAChoiceTheModelDoesNotOffer(String model, String column, String value, String reason) {
		// given
		PromptRow row = aRow().with("model", model).with(column, value).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void rejectsAPromptLongerThanTheModelAccepts() {
		// given
		PromptRow tooLong = aRow().with("prompt", "x".repeat(4123)).build();
		PromptRow longest = aRow().with("prompt", "x".repeat(4000)).build();

		// when
		ValidatedRow rejected = this.validator.validate(tooLong, RowDefaults.NONE);
		ValidatedRow accepted = this.validator.validate(longest, RowDefaults.NONE);

		// then
		assertThat(reasonOf(rejected)).isEqualTo("prompt has 4123 characters; dall-e-3 accepts at most 4000");
		assertThat(accepted).isInstanceOf(ValidatedRow.Valid.class);
	}

	@Test
	void rejectsATransparentBackgroundWithJpegOutput() {
		// given
		PromptRow jpeg = aRow().with("model", "gpt-image-1")
			.with("background", "Transparent")
			.with("output_format", "JPEG")
			.build();
		PromptRow webp = aRow().with("model", "gpt-image-1")
			.with("background", "transparent")
			.with("output_format", "webp")
			.build();

		// when
		ValidatedRow rejected = this.validator.validate(jpeg, RowDefaults.NONE);
		ValidatedRow accepted = this.validator.validate(webp, RowDefaults.NONE);

		// then
		assertThat(reasonOf(rejected)).isEqualTo("a transparent background needs png or webp output");
		assertThat(requestOf(accepted).background()).isEqualTo("transparent");
	}

	@Test
	void keepsTheRowsColumnsAndLineOnAnInvalidRow() {
		// given
		PromptRow row = aRow().onLine(12).with("id", "p-9").with("quality", "ultra").with("sku", "A-1").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated).isInstanceOfSatisfying(ValidatedRow.Invalid.class, (invalid) -> {
			assertThat(invalid.line()).isEqualTo(12);
			assertThat(invalid.externalId()).isEqualTo("p-9");
			assertThat(invalid.columns()).isEqualTo(row.columns());
		});
	}

	@Test
	void turnsAMalformedRecordIntoAnInvalidRowIdentifiedByItsLine() {
		// given
		ReadResult malformed = new ReadResult.Malformed(7, "row has 3 fields but the header has 2");

		// when
		ValidatedRow validated = this.validator.validate(malformed, RowDefaults.NONE);

		// then
		assertThat(validated)
			.isEqualTo(new ValidatedRow.Invalid(7, "7", "row has 3 fields but the header has 2", Map.of()));
	}

	private static ImageRequest requestOf(ValidatedRow validated) {
		assertThat(validated).isInstanceOf(ValidatedRow.Valid.class);
		return ((ValidatedRow.Valid) validated).request();
	}

	private static String reasonOf(ValidatedRow validated) {
		assertThat(validated).isInstanceOf(ValidatedRow.Invalid.class);
		return ((ValidatedRow.Invalid) validated).reason();
	}

	private static RowBuilder aRow() {
		return new RowBuilder();
	}

	/**
	 * A dall-e-3 row on line 2 with a prompt, changed column by column.
	 */
	private static final class RowBuilder {

		private final Map<String, String> columns = new LinkedHashMap<>();

		private long line = 2;

		RowBuilder() {
			this.columns.put("prompt", "a red bicycle");
			this.columns.put("model", "dall-e-3");
		}

		RowBuilder onLine(long line) {
			this.line = line;
			return this;
		}

		RowBuilder with(String column, String value) {
			this.columns.put(column, value);
			return this;
		}

		RowBuilder without(String column) {
			this.columns.remove(column);
			return this;
		}

		PromptRow build() {
			return new PromptRow(this.line, Collections.unmodifiableMap(new LinkedHashMap<>(this.columns)));
		}

	}

}
