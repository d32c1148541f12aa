package io.imagebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.PromptRow;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.input.RowValidator;
import io.imagebatch.input.ValidatedRow;
import io.imagebatch.storage.ObjectKeyTemplate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input validator and the simulator ask the same catalog, so they must agree: a row
 * the validator lets through becomes a request the simulator accepts, and a row it
 * refuses is a request the simulator refuses too. One table runs through both.
 * <p>
 * A valid row is sent as the validator made it (lower case, a size without spaces); a
 * refused row is sent as typed, since no request would have been made of it.
 */
class CatalogAgreementTests {

	private static final Pattern REPEATED = Pattern.compile("(.)\\*([0-9]+)");

	private static final Pattern JSON_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

	private final RowValidator validator = new RowValidator(TestModelCatalog.load(),
			new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, ""));

	private final JsonMapper json = JsonMapper.builder().build();

	private final GenerationRequestParser parser = new GenerationRequestParser(this.json, TestModelCatalog.load());

	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			dall-e-2                      | size=256x256                    | accepted
			dall-e-2                      | size=1792x1024                  | refused
			dall-e-3                      | size=1792x1024                  | accepted
			dall-e-3                      | size=auto                       | refused
			gpt-image-1                   | size=auto                       | accepted
			gpt-image-1                   | size=1536x1024                  | accepted
			gpt-image-1                   | size=1600x900                   | refused
			flux-pro                      | size=1600x900                   | accepted
			flux-pro                      | size=1600X900                   | accepted
			flux-pro                      | size=2048x2048                  | accepted
			flux-pro                      | size=2049x1024                  | refused
			flux-pro                      | size=0512x0512                  | refused
			flux-pro                      | size=512x0512                   | refused
			flux-pro                      | size=0x512                      | refused
			flux-pro                      | size=99999999999x1              | refused
			flux-pro                      | size=1024x1024x1                | refused
			flux-pro                      | size=auto                       | refused
			stable-diffusion-xl-1024-v1-0 | size=1152x896                   | accepted
			stable-diffusion-xl-1024-v1-0 | size=1024x1792                  | refused
			dall-e-2                      | quality=standard                | accepted
			dall-e-2                      | quality=hd                      | refused
			dall-e-3                      | quality=hd                      | accepted
			dall-e-3                      | quality=HD                      | accepted
			gpt-image-1                   | quality=high                    | accepted
			gpt-image-1                   | quality=hd                      | refused
			flux-pro                      | quality=standard                | refused
			dall-e-3                      | style=natural                   | accepted
			dall-e-3                      | style=noir                      | refused
			dall-e-2                      | style=vivid                     | refused
			gpt-image-1                   | background=transparent          | accepted
			gpt-image-1                   | background=white                | refused
			dall-e-3                      | background=opaque               | refused
			gpt-image-1                   | background=transparent output_format=jpeg | refused
			gpt-image-1                   | background=transparent output_format=webp | accepted
			gpt-image-1                   | moderation=low                  | accepted
			dall-e-3                      | moderation=low                  | refused
			gpt-image-1                   | output_format=webp              | accepted
			gpt-image-1                   | output_format=gif               | refused
			dall-e-3                      | output_format=png               | refused
			dall-e-2                      | response_format=b64_json        | accepted
			dall-e-2                      | response_format=gif             | refused
			dall-e-2                      | n=10                            | accepted
			dall-e-2                      | n=11                            | refused
			dall-e-2                      | n=0                             | refused
			dall-e-2                      | n=-1                            | refused
			dall-e-2                      | n=1.5                           | refused
			dall-e-2                      | n=two                           | refused
			dall-e-3                      | n=1                             | accepted
			dall-e-3                      | n=2                             | refused
			stable-diffusion-xl-1024-v1-0 | n=4                             | accepted
			stable-diffusion-xl-1024-v1-0 | n=5                             | refused
			gpt-image-1                   | image=https://example.com/a.png | accepted
			dall-e-3                      | image=https://example.com/a.png | refused
			dall-e-2                      | prompt=x*1000                   | accepted
			dall-e-2                      | prompt=x*1001                   | refused
			dall-e-2                      | prompt=😀*1000                  | accepted
			openai/dall-e-3               | size=1024x1792                  | accepted
			openai/dall-e-3               | size=512x512                    | refused
			""")
	void theValidatorAndTheSimulatorAgreeOnWhatAModelAccepts(String model, String fields, String verdict) {
		// given
		Map<String, String> columns = columns(model, fields);

		// when
		ValidatedRow validated = this.validator.validate(new PromptRow(2, columns), RowDefaults.NONE);
		byte[] body = (validated instanceof ValidatedRow.Valid valid) ? bodyOf(valid.request()) : bodyOf(columns);
		String simulator = simulatorVerdict(body);

		// then
		String validator = (validated instanceof ValidatedRow.Valid) ? "accepted" : "refused";
		assertThat(simulator)
			.as("simulator on %s (validator: %s)", new String(body, StandardCharsets.UTF_8), describe(validated))
			.isEqualTo(validator);
		assertThat(validator).as(describe(validated)).isEqualTo(verdict);
	}

	private static Map<String, String> columns(String model, String fields) {
		Map<String, String> columns = new LinkedHashMap<>();
		columns.put("prompt", "a red bicycle");
		columns.put("model", model);
		for (String field : fields.split(" ")) {
			int equals = field.indexOf('=');
			String value = field.substring(equals + 1);
			Matcher repeated = REPEATED.matcher(value);
			columns.put(field.substring(0, equals),
					repeated.matches() ? repeated.group(1).repeat(Integer.parseInt(repeated.group(2))) : value);
		}
		return columns;
	}

	/**
	 * The request the client sends for a valid row: the fields it has, as it has them.
	 */
	private byte[] bodyOf(ImageRequest request) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		body.put("prompt", request.prompt());
		body.put("n", request.n());
		putIf(body, "size", request.size());
		putIf(body, "quality", request.quality());
		putIf(body, "style", request.style());
		putIf(body, "background", request.background());
		putIf(body, "moderation", request.moderation());
		putIf(body, "output_format", request.outputFormat());
		putIf(body, "response_format", request.responseFormat());
		putIf(body, "image", request.image());
		return this.json.writeValueAsBytes(body);
	}

	/** A refused row's columns as typed; {@code n} as a number when it reads as one. */
	private byte[] bodyOf(Map<String, String> columns) {
		ObjectNode body = this.json.createObjectNode();
		columns.forEach((column, value) -> {
			if (column.equals("n") && JSON_NUMBER.matcher(value).matches()) {
				body.set(column, this.json.readTree(value));
			}
			else {
				body.put(column, value);
			}
		});
		return this.json.writeValueAsBytes(body);
	}

	private String simulatorVerdict(byte[] body) {
		try {
			this.parser.parse(body, false);
			return "accepted";
		}
		catch (SimulatorError ex) {
			return "refused";
		}
	}

	private static void putIf(ObjectNode body, String field, @Nullable String value) {
		if (value != null) {
			body.put(field, value);
		}
	}

	private static String describe(ValidatedRow validated) {
		return (validated instanceof ValidatedRow.Invalid invalid) ? "refused: " + invalid.reason() : "accepted";
	}

}
