package io.imagebatch.run;

import java.nio.charset.StandardCharsets;

import io.imagebatch.gateway.BatchRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BatchLinesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aLineCarriesTheItemIdTheEndpointAndTheSynchronousBodyAsItIs() {
		byte[] body = "{\"model\":\"dall-e-2\",\"prompt\":\"A \\\"quoted\\\" pear\\n\",\"n\":1}"
			.getBytes(StandardCharsets.UTF_8);

		byte[] line = BatchLines.line(42, new BatchRequest("/v1/images/generations", body));

		assertThat(line[line.length - 1]).as("one line, ended").isEqualTo((byte) '\n');
		String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
		assertThat(text).doesNotContain("\n");
		JsonNode parsed = this.json.readTree(text);
		assertThat(parsed.get("custom_id").asString()).isEqualTo("42");
		assertThat(parsed.get("method").asString()).isEqualTo("POST");
		assertThat(parsed.get("url").asString()).isEqualTo("/v1/images/generations");
		assertThat(parsed.get("body")).isEqualTo(this.json.readTree(body));
		assertThat(parsed.get("body").get("prompt").asString()).isEqualTo("A \"quoted\" pear\n");
	}

	@Test
	void onlyAnIdOfOursNamesAnItem() {
		assertThat(BatchLines.itemId("42")).isEqualTo(42);
		assertThat(BatchLines.itemId("request-1")).isEqualTo(-1);
		assertThat(BatchLines.itemId("")).isEqualTo(-1);
		assertThat(BatchLines.itemId("99999999999999999999999")).isEqualTo(-1);
	}

}
