package io.imagebatch.gateway;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BatchObjectsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsABatchObject() {
		// given
		JsonNode node = JSON.readTree("""
				{"id":"batch_abc","object":"batch","endpoint":"/v1/images/generations","errors":null,
				 "input_file_id":"file-in","completion_window":"24h","status":"completed","output_file_id":"file-out",
				 "error_file_id":null,"created_at":1700000000,"request_counts":{"total":3,"completed":2,"failed":1},
				 "metadata":{"run":"42"}}""");

		// when
		ProviderBatch batch = BatchObjects.batch(node, "gw");

		// then
		assertThat(batch).isEqualTo(new ProviderBatch("batch_abc", "completed", "/v1/images/generations", "file-in",
				"file-out", null, new BatchCounts(3, 2, 1), java.util.List.of(), java.util.Map.of("run", "42")));
		assertThat(batch.ended()).isTrue();
	}

	@Test
	void knowsWhichStatusesEnd() {
		for (String status : new String[] { "completed", "failed", "expired", "cancelled" }) {
			assertThat(batch("{\"id\":\"b\",\"status\":\"" + status + "\"}").ended()).as(status).isTrue();
		}
		for (String status : new String[] { "validating", "in_progress", "finalizing", "cancelling", "new_one" }) {
			assertThat(batch("{\"id\":\"b\",\"status\":\"" + status + "\"}").ended()).as(status).isFalse();
		}
	}

	@Test
	void keepsOnlyLowerCaseLettersAndUnderscoresOfAStatusAndFewOfThem() {
		assertThat(batch("{\"id\":\"b\",\"status\":\"Completed\\n<script>\"}").status()).isEqualTo("ompletedscript");
		assertThat(batch("{\"id\":\"b\",\"status\":\"" + "a".repeat(500) + "\"}").status()).hasSize(40);
	}

	@Test
	void readsTheErrorsOfARefusedBatchCutShort() {
		// given
		StringBuilder errors = new StringBuilder();
		for (int i = 1; i <= 150; i++) {
			errors.append(i > 1 ? "," : "")
				.append("{\"code\":\"invalid_json_line\",\"message\":\"bad\\u0007 line\",\"param\":null,\"line\":")
				.append(i)
				.append('}');
		}

		// when
		ProviderBatch batch = batch(
				"{\"id\":\"b\",\"status\":\"failed\",\"errors\":{\"object\":\"list\",\"data\":[" + errors + "]}}");

		// then
		assertThat(batch.errors()).hasSize(100);
		assertThat(batch.errors().getFirst()).isEqualTo(new BatchError("invalid_json_line", "bad  line", 1L));
	}

	@Test
	void refusesABatchWithoutAnIdOrStatus() {
		for (String answer : new String[] { "{\"status\":\"completed\"}", "{\"id\":\"b\"}",
				"{\"id\":\"b\",\"status\":\"!!!\"}", "{\"id\":42,\"status\":\"completed\"}" }) {
			GatewayException failure = catchThrowableOfType(GatewayException.class,
					() -> BatchObjects.batch(JSON.readTree(answer), "gw"));
			assertThat(failure).as(answer).isNotNull();
			assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
			assertThat(failure.code()).isEqualTo("malformed_batch");
		}
	}

	@Test
	void refusesIdsThatAreNotShortPrintableText() {
		for (String id : new String[] { "file-a b", "file-\\r\\nX-Injected: 1", "f".repeat(201), "fïle", "" }) {
			GatewayException failure = catchThrowableOfType(GatewayException.class,
					() -> batch("{\"id\":\"b\",\"status\":\"completed\",\"output_file_id\":\"" + id + "\"}"));
			assertThat(failure).as(id).isNotNull();
			assertThat(failure.code()).isEqualTo("malformed_batch");
			assertThat(failure.getMessage()).doesNotContain("Injected").doesNotContain("fff");
		}
	}

	@Test
	void readsAFileObject() {
		assertThat(BatchObjects.file(JSON.readTree(
				"{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":120,\"filename\":\"run-7.jsonl\",\"purpose\":\"batch\"}"),
				"gw"))
			.isEqualTo(new ProviderFile("file-1", "run-7.jsonl", 120));
		assertThat(catchThrowableOfType(GatewayException.class,
				() -> BatchObjects.file(JSON.readTree("{\"bytes\":1}"), "gw"))
			.code()).isEqualTo("malformed_file");
	}

	private static ProviderBatch batch(String json) {
		return BatchObjects.batch(JSON.readTree(json), "gw");
	}

}
