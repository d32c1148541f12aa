package io.imagebatch.simulator;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's provider Batch API over real HTTP, as a batch-mode client sees it.
 */
class GatewaySimulatorBatchIntegrationTests {

	private static final String IMAGES = "/v1/images/generations";

	private static final String CHAT = "/v1/chat/completions";

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private GatewaySimulator simulator;

	private BatchApiClient client;

	@BeforeEach
	void startSimulator() {
		this.simulator = new GatewaySimulator(SimulatorProperties.defaults().withApiKeys(List.of(SimulatorClient.KEY)),
				TestModelCatalog.load(), new MutableClock(NOW));
		this.client = new BatchApiClient(this.simulator.start(0), SimulatorClient.KEY);
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.stop();
	}

	@Test
	void uploadedFileIsListedDownloadedAndDeleted() {
		// given
		byte[] content = "{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);

		// when
		HttpResponse<String> uploaded = this.client.upload("rows.jsonl", content);

		// then
		assertThat(uploaded.statusCode()).isEqualTo(200);
		JsonNode file = SimulatorClient.json(uploaded.body());
		String id = file.get("id").stringValue();
		assertThat(id).startsWith("file-");
		assertThat(file.get("object").stringValue()).isEqualTo("file");
		assertThat(file.get("bytes").longValue()).isEqualTo(content.length);
		assertThat(file.get("created_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(file.get("filename").stringValue()).isEqualTo("rows.jsonl");
		assertThat(file.get("purpose").stringValue()).isEqualTo("batch");
		assertThat(file.get("status").stringValue()).isEqualTo("processed");
		JsonNode list = SimulatorClient.json(this.client.get("/v1/files?purpose=batch").body());
		assertThat(list.get("data")).singleElement()
			.satisfies((listed) -> assertThat(listed.get("id").stringValue()).isEqualTo(id));
		assertThat(SimulatorClient.json(this.client.get("/v1/files/" + id).body()).get("bytes").longValue())
			.isEqualTo(content.length);
		assertThat(this.client.get("/v1/files/" + id + "/content").body()).isEqualTo("{\"custom_id\":\"a\"}\n");
		HttpResponse<String> deleted = this.client.delete("/v1/files/" + id);
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(deleted.body()).get("deleted").booleanValue()).isTrue();
		HttpResponse<String> gone = this.client.get("/v1/files/" + id + "/content");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(SimulatorClient.json(gone.body()).at("/error/code").stringValue()).isEqualTo("file_not_found");
		assertThat(this.client.delete("/v1/files/" + id).statusCode()).isEqualTo(404);
		assertThat(this.simulator.batchCounts()).isEqualTo(new BatchCounts(1, 0, 0, 1));
	}

	@Test
	void mixedImagesBatchCompletesWithAnswersAndRefusalsInTheirFiles() {
		// given
		String input = this.client.uploadLines(
				imagesLine("ok-1",
						"{\"model\":\"dall-e-2\",\"prompt\":\"A red bicycle\",\"size\":\"256x256\","
								+ "\"response_format\":\"b64_json\"}"),
				imagesLine("rejected", "{\"model\":\"dall-e-2\",\"prompt\":\"A #reject cat\",\"size\":\"256x256\"}"),
				imagesLine("bad-size", "{\"model\":\"dall-e-3\",\"prompt\":\"A cat\",\"size\":\"512x512\"}"),
				imagesLine("ok-2", "{\"model\":\"gpt-image-1\",\"prompt\":\"A fox\",\"size\":\"1024x1024\","
						+ "\"quality\":\"low\",\"n\":2,\"response_format\":\"b64_json\"}"));

		// when
		JsonNode created = this.client.createBatch(input, IMAGES);
		JsonNode batch = this.client.awaitEnd(created.get("id").stringValue());

		// then
		assertThat(created.get("status").stringValue()).isEqualTo("validating");
		assertThat(created.get("id").stringValue()).startsWith("batch_");
		assertThat(batch.get("status").stringValue()).isEqualTo("completed");
		assertThat(batch.get("errors").isNull()).isTrue();
		assertThat(batch.get("completed_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(batch.get("expires_at").longValue()).isEqualTo(NOW.getEpochSecond() + 24 * 3600);
		assertThat(batch.get("metadata").get("run").stringValue()).isEqualTo("r-1");
		assertThat(counts(batch)).containsExactly(4L, 2L, 2L);
		Map<String, JsonNode> output = byCustomId(this.client.lines(batch.get("output_file_id").stringValue()));
		assertThat(output).containsOnlyKeys("ok-1", "ok-2");
		assertThat(output.get("ok-1").at("/response/status_code").intValue()).isEqualTo(200);
		assertThat(output.get("ok-1").get("id").stringValue()).startsWith("batch_req_");
		assertThat(output.get("ok-1").get("error").isNull()).isTrue();
		List<String> shas = new ArrayList<>();
		for (String customId : List.of("ok-1", "ok-2")) {
			for (JsonNode image : output.get(customId).at("/response/body/data")) {
				shas.add(Sha256.hex(Base64.getDecoder().decode(image.get("b64_json").stringValue())));
			}
		}
		assertThat(shas).hasSize(3);
		assertThat(this.simulator.ledger().generated()).extracting(SimulatorLedger.GeneratedRecord::sha256)
			.containsExactlyInAnyOrderElementsOf(shas);
		assertThat(output.get("ok-2").at("/response/body/usage/output_tokens").longValue()).isPositive();
		Map<String, JsonNode> errors = byCustomId(this.client.lines(batch.get("error_file_id").stringValue()));
		assertThat(errors).containsOnlyKeys("rejected", "bad-size");
		assertThat(errors.get("rejected").at("/response/status_code").intValue()).isEqualTo(400);
		assertThat(errors.get("rejected").at("/response/body/error/code").stringValue())
			.isEqualTo("content_policy_violation");
		assertThat(errors.get("bad-size").at("/response/body/error/code").stringValue()).isEqualTo("invalid_size");
		assertThat(SimulatorClient.json(this.client.get("/admin/batches").body()).get("batches")).singleElement()
			.satisfies((summary) -> assertThat(summary.get("status").stringValue()).isEqualTo("completed"));
		assertThat(this.simulator.batchCounts()).isEqualTo(new BatchCounts(1, 1, 0, 0));
	}

	@Test
	void chatCompletionsBatchAnswersWithDataUrlImages() {
		// given
		String input = this.client.uploadLines(chatLine("c-1", "A cat"), chatLine("c-2", "A dog"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, CHAT).get("id").stringValue());

		// then
		assertThat(batch.get("status").stringValue()).isEqualTo("completed");
		assertThat(counts(batch)).containsExactly(2L, 2L, 0L);
		assertThat(batch.get("error_file_id").isNull()).isTrue();
		List<JsonNode> output = this.client.lines(batch.get("output_file_id").stringValue());
		assertThat(output).hasSize(2).allSatisfy((line) -> {
			assertThat(line.at("/response/body/object").stringValue()).isEqualTo("chat.completion");
			assertThat(line.at("/response/body/choices/0/message/images/0/image_url/url").stringValue())
				.startsWith("data:image/png;base64,");
		});
		assertThat(this.simulator.ledger().imagesGenerated()).isEqualTo(2);
	}

	@Test
	void urlImagesInABatchLineAreServedByTheSimulator() {
		// given
		String input = this.client.uploadLines(imagesLine("u-1",
				"{\"model\":\"dall-e-2\",\"prompt\":\"A teapot\",\"size\":\"256x256\",\"response_format\":\"url\"}"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, IMAGES).get("id").stringValue());

		// then
		JsonNode line = this.client.lines(batch.get("output_file_id").stringValue()).get(0);
		String url = line.at("/response/body/data/0/url").stringValue();
		HttpResponse<byte[]> image = new SimulatorClient(this.simulator.baseUri()).getBytes(URI.create(url));
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(Sha256.hex(image.body())).isEqualTo(this.simulator.ledger().generated().get(0).sha256());
	}

	@Test
	void errorRateAnswersBatchLines500InTheErrorFile() {
		// given
		this.simulator.reconfigure((settings) -> settings.withErrorRate(1));
		String input = this.client.uploadLines(dallE2Line("l-1"), dallE2Line("l-2"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, IMAGES).get("id").stringValue());

		// then
		assertThat(batch.get("status").stringValue()).isEqualTo("completed");
		assertThat(counts(batch)).containsExactly(2L, 0L, 2L);
		assertThat(batch.get("output_file_id").isNull()).isTrue();
		assertThat(this.client.lines(batch.get("error_file_id").stringValue())).hasSize(2)
			.allSatisfy((line) -> assertThat(line.at("/response/status_code").intValue()).isEqualTo(500));
		assertThat(this.simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void largeUploadIsStoredAndServedByteForByte() {
		// given: 24 MB that cross the reader's buffers many times
		byte[] content = new byte[24 * 1024 * 1024];
		new Random(11).nextBytes(content);

		// when
		HttpResponse<String> uploaded = this.client.upload("large.jsonl", content);

		// then
		assertThat(uploaded.statusCode()).isEqualTo(200);
		String id = SimulatorClient.json(uploaded.body()).get("id").stringValue();
		HttpResponse<byte[]> download = new SimulatorClient(this.simulator.baseUri())
			.getBytes(this.simulator.baseUri().resolve("/v1/files/" + id + "/content"), SimulatorClient.KEY);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(Sha256.hex(download.body())).isEqualTo(Sha256.hex(content));
	}

	@Test
	void invalidJsonLineFailsTheBatchNamingTheLine() {
		// given
		String input = this.client.uploadLines(imagesLine("a", "{\"model\":\"dall-e-2\",\"prompt\":\"A cat\"}"),
				"{not json", imagesLine("a", "{\"model\":\"dall-e-2\",\"prompt\":\"A cat\"}"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, IMAGES).get("id").stringValue());

		// then
		assertThat(batch.get("status").stringValue()).isEqualTo("failed");
		assertThat(batch.get("failed_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(batch.at("/errors/data/0/code").stringValue()).isEqualTo("invalid_json_line");
		assertThat(batch.at("/errors/data/0/line").intValue()).isEqualTo(2);
		assertThat(batch.at("/errors/data/1/code").stringValue()).isEqualTo("duplicate_custom_id");
		assertThat(batch.at("/errors/data/1/line").intValue()).isEqualTo(3);
		assertThat(batch.get("output_file_id").isNull()).isTrue();
		assertThat(this.simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void lineForAnotherEndpointFailsTheBatch() {
		// given
		String input = this.client.uploadLines(chatLine("c-1", "A cat"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, IMAGES).get("id").stringValue());

		// then
		assertThat(batch.get("status").stringValue()).isEqualTo("failed");
		assertThat(batch.at("/errors/data/0/code").stringValue()).isEqualTo("invalid_url");
		assertThat(batch.at("/errors/data/0/line").intValue()).isEqualTo(1);
	}

	@Test
	void batchExpiresAfterTheConfiguredLinesWithWhatWasDone() {
		// given
		this.simulator.reconfigure((settings) -> settings.withBatchExpireAfterLines(2));
		String input = this.client.uploadLines(dallE2Line("l-1"), dallE2Line("l-2"), dallE2Line("l-3"),
				dallE2Line("l-4"));

		// when
		JsonNode batch = this.client.awaitEnd(this.client.createBatch(input, IMAGES).get("id").stringValue());

		// then
		assertThat(batch.get("status").stringValue()).isEqualTo("expired");
		assertThat(batch.get("expired_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(counts(batch)).containsExactly(4L, 2L, 0L);
		assertThat(byCustomId(this.client.lines(batch.get("output_file_id").stringValue()))).containsOnlyKeys("l-1",
				"l-2");
		Map<String, JsonNode> errors = byCustomId(this.client.lines(batch.get("error_file_id").stringValue()));
		assertThat(errors).containsOnlyKeys("l-3", "l-4");
		assertThat(errors.values()).allSatisfy((line) -> {
			assertThat(line.get("response").isNull()).isTrue();
			assertThat(line.at("/error/code").stringValue()).isEqualTo("batch_expired");
			assertThat(line.at("/error/message").stringValue())
				.isEqualTo("This request could not be executed before the completion window expired.");
		});
		assertThat(this.simulator.ledger().imagesGenerated()).isEqualTo(2);
	}

	@Test
	void cancellingWhileInProgressKeepsWhatWasDoneAndCancelsTheRest() {
		// given: four lines spread over a minute, so the second starts 15 s in
		this.simulator.reconfigure((settings) -> settings.withBatchProcessingTime(Duration.ofMinutes(1)));
		String input = this.client.uploadLines(dallE2Line("l-1"), dallE2Line("l-2"), dallE2Line("l-3"),
				dallE2Line("l-4"));
		String id = this.client.createBatch(input, IMAGES).get("id").stringValue();
		this.client.awaitBatch(id, (batch) -> batch.at("/request_counts/completed").longValue() == 1,
				"to complete its first line");

		// when
		HttpResponse<String> cancelling = this.client.post("/v1/batches/" + id + "/cancel", "");
		JsonNode batch = this.client.awaitEnd(id);

		// then
		assertThat(cancelling.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(cancelling.body()).get("status").stringValue()).isIn("cancelling", "cancelled");
		assertThat(batch.get("status").stringValue()).isEqualTo("cancelled");
		assertThat(batch.get("cancelling_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(batch.get("cancelled_at").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(counts(batch)).containsExactly(4L, 1L, 0L);
		assertThat(byCustomId(this.client.lines(batch.get("output_file_id").stringValue()))).containsOnlyKeys("l-1");
		assertThat(this.client.lines(batch.get("error_file_id").stringValue())).hasSize(3)
			.allSatisfy((line) -> assertThat(line.at("/error/code").stringValue()).isEqualTo("batch_cancelled"));
		assertThat(this.simulator.batchCounts().batchesCancelled()).isEqualTo(1);
	}

	@Test
	void cancellingAnEndedBatchIsAConflict() {
		// given
		String id = this.client.createBatch(this.client.uploadLines(dallE2Line("l-1")), IMAGES).get("id").stringValue();
		this.client.awaitEnd(id);

		// when
		HttpResponse<String> response = this.client.post("/v1/batches/" + id + "/cancel", "");

		// then
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("batch_not_cancellable");
		assertThat(this.client.batch(id).get("status").stringValue()).isEqualTo("completed");
		assertThat(this.simulator.batchCounts().batchesCancelled()).isZero();
	}

	@Test
	void wrongKeyIsRefused() {
		// given
		BatchApiClient stranger = new BatchApiClient(this.simulator.baseUri(), "sk-wrong");

		// when
		HttpResponse<String> upload = stranger.upload("rows.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> list = stranger.get("/v1/batches");

		// then
		assertThat(upload.statusCode()).isEqualTo(401);
		assertThat(list.statusCode()).isEqualTo(401);
		assertThat(SimulatorClient.json(list.body()).at("/error/code").stringValue()).isEqualTo("invalid_api_key");
		assertThat(this.simulator.batchCounts().filesUploaded()).isZero();
	}

	@Test
	void batchesAreListedNewestFirstInPagesAfterAnId() {
		// given
		String input = this.client.uploadLines(dallE2Line("l-1"));
		String first = this.client.createBatch(input, IMAGES).get("id").stringValue();
		String second = this.client.createBatch(input, IMAGES).get("id").stringValue();
		String third = this.client.createBatch(input, IMAGES).get("id").stringValue();

		// when
		JsonNode page1 = SimulatorClient.json(this.client.get("/v1/batches?limit=2").body());
		JsonNode page2 = SimulatorClient
			.json(this.client.get("/v1/batches?limit=2&after=" + page1.get("last_id").stringValue()).body());

		// then
		assertThat(page1.get("data")).extracting((batch) -> batch.get("id").stringValue())
			.containsExactly(third, second);
		assertThat(page1.get("first_id").stringValue()).isEqualTo(third);
		assertThat(page1.get("has_more").booleanValue()).isTrue();
		assertThat(page2.get("data")).extracting((batch) -> batch.get("id").stringValue()).containsExactly(first);
		assertThat(page2.get("has_more").booleanValue()).isFalse();
		assertThat(this.simulator.batchCounts().batchesCreated()).isEqualTo(3);
	}

	@Test
	void uploadOverTheMaxSizeIsRefused() {
		// given
		this.simulator.reconfigure((settings) -> settings.withBatchMaxFileSize(DataSize.ofKilobytes(1)));

		// when
		HttpResponse<String> response = this.client.upload("big.jsonl", new byte[4096]);

		// then
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue()).isEqualTo("file_too_large");
		assertThat(this.simulator.batchCounts().filesUploaded()).isZero();
	}

	@Test
	void malformedMultipartIsRefused() {
		// when
		HttpResponse<String> response = this.client.post("/v1/files", "{\"purpose\":\"batch\"}");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("invalid_multipart");
	}

	@Test
	void batchOfAnUnknownFileIsRefused() {
		// when
		HttpResponse<String> response = this.client.post("/v1/batches", """
				{"input_file_id": "file-nope", "endpoint": "/v1/images/generations", "completion_window": "24h"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("invalid_input_file");
	}

	private static String imagesLine(String customId, String body) {
		return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + IMAGES + "\",\"body\":" + body
				+ "}";
	}

	private static String dallE2Line(String customId) {
		return imagesLine(customId, "{\"model\":\"dall-e-2\",\"prompt\":\"A cat " + customId
				+ "\",\"size\":\"256x256\",\"response_format\":\"b64_json\"}");
	}

	private static String chatLine(String customId, String prompt) {
		return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + CHAT
				+ "\",\"body\":{\"model\":\"gemini-2.5-flash-image-generation\",\"messages\":[{\"role\":\"user\","
				+ "\"content\":\"" + prompt + "\"}]}}";
	}

	private static List<Long> counts(JsonNode batch) {
		JsonNode counts = batch.get("request_counts");
		return List.of(counts.get("total").longValue(), counts.get("completed").longValue(),
				counts.get("failed").longValue());
	}

	private static Map<String, JsonNode> byCustomId(List<JsonNode> lines) {
		return lines.stream()
			.collect(Collectors.toMap((line) -> line.get("custom_id").stringValue(), Function.identity()));
	}

}
