package io.imagebatch.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.storage.ObjectKeyTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RowValidatorTests {

	private final RowValidator validator = new RowValidator(TestModelCatalog.load(),
			new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, ""));

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
					flux-pro | 0512x0512 | size 0512x0512 is not offered by flux-pro; choose 1024x1024 or any WIDTHxHEIGHT up to 2048 pixels a side
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

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			a red\\u0000 bicycle | prompt contains a NUL byte at character 6
			a red \\u001B[31mbicycle | prompt contains a control character (U+001B) at character 7
			a red \\u0085bicycle | prompt contains a control character (U+0085) at character 7
			a red \\u007Fbicycle | prompt contains a control character (U+007F) at character 7
			\\uD83D\\uDEB2\\u0000 | prompt contains a NUL byte at character 2
			""")
	void refusesAPromptWithAControlCharacterOtherThanTabsAndLineBreaksSayingWhereItIs(String prompt, String reason) {
		// given
		PromptRow row = aRow().with("prompt", unescape(prompt)).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void acceptsTabsAndLineBreaksInAPrompt() {
		// given
		PromptRow row = aRow().with("prompt", "a red bicycle\n\tleaning on a wall\r\nat dusk").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(requestOf(validated).prompt()).isEqualTo("a red bicycle\n\tleaning on a wall\r\nat dusk");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			id | sku\\u000942 | id contains a tab at character 4
			id | sku\\u000A42 | id contains a line break at character 4
			id | sku\\u000042 | id contains a NUL byte at character 4
			model | dall-e\\u001B-3 | model contains a control character (U+001B) at character 7
			user | user\\u00007 | user contains a NUL byte at character 5
			safety_identifier | user\\u000D7 | safety_identifier contains a line break at character 5
			size | 1024x\\u00001024 | size contains a NUL byte at character 6
			quality | h\\u0000d | quality contains a NUL byte at character 2
			style | viv\\u0007id | style contains a control character (U+0007) at character 4
			n | 1\\u0000 | n contains a NUL byte at character 2
			background | auto\\u0000 | background contains a NUL byte at character 5
			moderation | lo\\u0000w | moderation contains a NUL byte at character 3
			output_format | p\\u0000ng | output_format contains a NUL byte at character 2
			response_format | u\\u0000rl | response_format contains a NUL byte at character 2
			gateway | open\\u0000ai | gateway contains a NUL byte at character 5
			image | https://x/\\u0000.png | image contains a NUL byte at character 11
			sku | A-\\u00001 | column 'sku' contains a NUL byte at character 3
			""")
	void refusesControlCharactersInValuesThatNameThingsAndNulAnywhere(String column, String value, String reason) {
		// given
		PromptRow row = aRow().with(column, unescape(value)).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void keepsOtherControlCharactersInAnExtraColumnAsMetadata() {
		// given
		PromptRow row = aRow().with("notes", "first\tsecond\u001Bthird").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated).isInstanceOfSatisfying(ValidatedRow.Valid.class,
				(valid) -> assertThat(valid.metadata()).containsEntry("notes", "first\tsecond\u001Bthird"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			id | 256 | id is 256 characters long; it can have at most 255
			model | 201 | model is 201 characters long; it can have at most 200
			user | 401 | user is 401 characters long; it can have at most 400
			safety_identifier | 401 | safety_identifier is 401 characters long; it can have at most 400
			size | 21 | size is 21 characters long; it can have at most 20
			quality | 21 | quality is 21 characters long; it can have at most 20
			style | 21 | style is 21 characters long; it can have at most 20
			n | 21 | n is 21 characters long; it can have at most 20
			background | 21 | background is 21 characters long; it can have at most 20
			moderation | 21 | moderation is 21 characters long; it can have at most 20
			output_format | 21 | output_format is 21 characters long; it can have at most 20
			response_format | 21 | response_format is 21 characters long; it can have at most 20
			gateway | 101 | gateway is 101 characters long; it can have at most 100
			""")
	void refusesValuesLongerThanAnItemHolds(String column, int length, String reason) {
		// given
		PromptRow row = aRow().with(column, "é".repeat(length)).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo(reason);
	}

	@Test
	void acceptsValuesAsLongAsAnItemHolds() {
		// given
		PromptRow row = aRow().with("id", "i".repeat(255)).with("user", "u".repeat(400)).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(requestOf(validated).user()).hasSize(400);
	}

	@Test
	void storesAnInvalidRowsOverlongIdAsItsStartMadeUniqueByTheLine() {
		// given
		PromptRow row = aRow().onLine(7).with("id", "x".repeat(600)).build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated.externalId()).isEqualTo("x".repeat(64) + "…@line7");
		assertThat(reasonOf(validated)).isEqualTo("id is 600 characters long; it can have at most 255");
	}

	@Test
	void storesAnInvalidRowsIdWithControlCharactersReplaced() {
		// given
		PromptRow row = aRow().onLine(9).with("id", "sku\u000042").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated.externalId()).isEqualTo("sku\uFFFD42…@line9");
	}

	@Test
	void keepsAnInvalidRowStorableWhateverItHeld() {
		// given
		PromptRow row = aRow().with("prompt", "a red\u0000 bicycle")
			.with("model", "m".repeat(250))
			.with("sku", "A\u00001")
			.build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated).isInstanceOfSatisfying(ValidatedRow.Invalid.class, (invalid) -> {
			assertThat(invalid.prompt()).isEqualTo("a red\uFFFD bicycle");
			assertThat(invalid.model()).isNull();
			assertThat(invalid.columns()).containsEntry("sku", "A\uFFFD1")
				.containsEntry("model", "m".repeat(250))
				.allSatisfy((column, value) -> assertThat(value).doesNotContain("\u0000"));
		});
	}

	@Test
	void keepsAnInvalidRowsModelWhenAnItemCanHoldIt() {
		// given
		PromptRow row = aRow().with("model", " dalle-3 ").build();

		// when
		ValidatedRow validated = this.validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(validated).isInstanceOfSatisfying(ValidatedRow.Invalid.class,
				(invalid) -> assertThat(invalid.model()).isEqualTo("dalle-3"));
	}

	@Test
	void quotesARefusedValueWithoutItsControlCharactersAndCutShort() {
		// given
		PromptRow row = aRow().without("model").build();
		RowDefaults escape = new RowDefaults("dall\u001B[2J", null, null, null, null, null, null, null, null);
		RowDefaults longName = new RowDefaults("m".repeat(100), null, null, null, null, null, null, null, null);

		// when
		String escapeReason = reasonOf(this.validator.validate(row, escape));
		String longReason = reasonOf(this.validator.validate(row, longName));

		// then
		assertThat(escapeReason).startsWith("unknown model 'dallU+001B[2J'").doesNotContain("\u001B");
		assertThat(longReason).startsWith("unknown model '" + "m".repeat(40) + "… (100 characters)'");
	}

	@Test
	void refusesAnIdWhoseImagesKeySegmentAStoreWouldRefuse() {
		// given: 64 emoji are 64 characters, but 768 bytes once percent-encoded
		PromptRow row = aRow().with("id", "\uD83D\uDE80".repeat(64)).build();
		PromptRow fitting = aRow().with("id", "\uD83D\uDE80".repeat(21)).build();

		// when
		ValidatedRow rejected = this.validator.validate(row, RowDefaults.NONE);
		ValidatedRow accepted = this.validator.validate(fitting, RowDefaults.NONE);

		// then
		assertThat(reasonOf(rejected)).isEqualTo("the object key would be too long: its segment {item} would have"
				+ " 768 bytes once percent-encoded; S3 and file-system stores take at most 255");
		assertThat(rejected.externalId()).isEqualTo("\uD83D\uDE80".repeat(64));
		assertThat(accepted).isInstanceOf(ValidatedRow.Valid.class);
	}

	@Test
	void refusesARowWhoseColumnsInTheKeyTemplateMakeTheKeyLongerThanS3Takes() {
		// given
		RowValidator validator = new RowValidator(TestModelCatalog.load(),
				new ObjectKeyTemplate("{prefix}{run}/{a}/{b}/{c}/{d}/{item}/{index}.{ext}", "images/"));
		PromptRow row = aRow().with("a", "a".repeat(250))
			.with("b", "b".repeat(250))
			.with("c", "c".repeat(250))
			.with("d", "d".repeat(250))
			.build();

		// when
		ValidatedRow validated = validator.validate(row, RowDefaults.NONE);

		// then
		assertThat(reasonOf(validated)).isEqualTo("the object key would be too long: it would have 1060 bytes once"
				+ " percent-encoded; S3 takes at most 1024");
	}

	private static ImageRequest requestOf(ValidatedRow validated) {
		assertThat(validated).isInstanceOf(ValidatedRow.Valid.class);
		return ((ValidatedRow.Valid) validated).request();
	}

	private static String reasonOf(ValidatedRow validated) {
		assertThat(validated).isInstanceOf(ValidatedRow.Invalid.class);
		return ((ValidatedRow.Invalid) validated).reason();
	}

	/**
	 * CSV sources cannot hold control characters, so the cases spell them as
	 * {@code \\uXXXX}.
	 */
	private static String unescape(String value) {
		StringBuilder unescaped = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			if (value.startsWith("\\u", i)) {
				unescaped.append((char) Integer.parseInt(value.substring(i + 2, i + 6), 16));
				i += 5;
			}
			else {
				unescaped.append(value.charAt(i));
			}
		}
		return unescaped.toString();
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
