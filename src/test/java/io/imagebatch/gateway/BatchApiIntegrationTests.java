package io.imagebatch.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.ratelimit.TrafficControl;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorProperties;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The client of the provider Batch API against the built-in simulator over real HTTP: a
 * batch from upload to its results read back and its files deleted.
 */
class BatchApiIntegrationTests {

	private static final String KEY = "sk-batch-test-0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private final List<GatewaySimulator> simulators = new ArrayList<>();

	@AfterEach
	void stopSimulators() {
		this.simulators.forEach(GatewaySimulator::close);
	}

	@Test
	void runsABatchFromUploadToItsResultsAndDeletesItsFiles() throws IOException {
		// given: three requests, one of which the gateway refuses
		Gateway gateway = aGateway(simulator(UnaryOperator.identity()), KEY);
		Map<String, ImageRequest> requests = new LinkedHashMap<>();
		requests.put("item-1",
				new ImageRequest("dall-e-2", "a red kite", 1, "256x256", null, null, null, null, null, "url", null));
		requests.put("item-2", ImageRequest.of("dall-e-3", "a blue boat"));
		requests.put("item-3", ImageRequest.of("dall-e-2", "something #reject"));
		Path jsonl = batchFile(gateway, requests);
		BatchApi api = gateway.batches();

		// when: uploaded, found again, made a batch, found again, followed to its end
		ProviderFile file = api.upload("run-7-part-1.jsonl", jsonl);
		ProviderFile found = api.findFile("run-7-part-1.jsonl").orElseThrow();
		ProviderBatch created = api.create(file.id(), "/v1/images/generations", Map.of("run", "7"));
		ProviderBatch foundBatch = api.findBatchFor(file.id()).orElseThrow();
		ProviderBatch ended = awaitEnd(api, created.id());

		// then: the batch
		assertThat(file.filename()).isEqualTo("run-7-part-1.jsonl");
		assertThat(file.bytes()).isEqualTo(Files.size(jsonl));
		assertThat(found).isEqualTo(file);
		assertThat(created.inputFileId()).isEqualTo(file.id());
		assertThat(created.endpoint()).isEqualTo("/v1/images/generations");
		assertThat(created.metadata()).containsEntry("run", "7");
		assertThat(created.ended()).isFalse();
		assertThat(foundBatch.id()).isEqualTo(created.id());
		assertThat(ended.status()).isEqualTo("completed");
		assertThat(ended.counts()).isEqualTo(new BatchCounts(3, 2, 1));
		assertThat(ended.outputFileId()).isNotNull();
		assertThat(ended.errorFileId()).isNotNull();

		// then: its results, line by line
		Map<String, BatchLineOutcome> outcomes = new LinkedHashMap<>();
		long outputLines = api.readLines(ended.outputFileId(), 16 * 1024 * 1024,
				(line) -> record(gateway, line, outcomes));
		long errorLines = api.readLines(ended.errorFileId(), 16 * 1024 * 1024,
				(line) -> record(gateway, line, outcomes));
		assertThat(outputLines).isEqualTo(2);
		assertThat(errorLines).isEqualTo(1);
		assertThat(outcomes).containsOnlyKeys("item-1", "item-2", "item-3");
		for (String answered : List.of("item-1", "item-2")) {
			assertThat(outcomes.get(answered)).as(answered)
				.isInstanceOfSatisfying(BatchLineOutcome.Answered.class, (outcome) -> {
					try (ImageResult result = outcome.result()) {
						assertThat(result.images()).singleElement()
							.as("asked inline, as a URL would have expired")
							.isInstanceOf(GeneratedImage.Inline.class);
					}
				});
		}
		assertThat(outcomes.get("item-3")).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (outcome) -> {
			assertThat(outcome.error().kind()).isEqualTo(ErrorKind.REJECTED);
			assertThat(outcome.error().status()).isEqualTo(400);
			assertThat(outcome.error().code()).isNotBlank();
			assertThat(outcome.error().paid()).isFalse();
		});

		// when: the files are deleted, twice
		for (String fileId : List.of(file.id(), ended.outputFileId(), ended.errorFileId())) {
			api.delete(fileId);
			api.delete(fileId);
		}

		// then
		assertThat(api.findFile("run-7-part-1.jsonl")).isEmpty();
		GatewayException gone = catchThrowableOfType(GatewayException.class,
				() -> api.readLines(file.id(), 1000, (line) -> {
				}));
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(gone.code()).isEqualTo("file_not_found");
	}

	@Test
	void cancelsABatchWhoseRequestsAreThenReportedNotRun() throws IOException {
		// given: a batch that takes a minute
		Gateway gateway = aGateway(simulator((settings) -> settings.withBatchProcessingTime(Duration.ofMinutes(1))),
				KEY);
		Map<String, ImageRequest> requests = new LinkedHashMap<>();
		for (int i = 1; i <= 5; i++) {
			requests.put("item-" + i, ImageRequest.of("dall-e-2", "kite " + i));
		}
		BatchApi api = gateway.batches();
		ProviderFile file = api.upload("cancel-me.jsonl", batchFile(gateway, requests));
		ProviderBatch batch = api.create(file.id(), "/v1/images/generations", Map.of());

		// when
		ProviderBatch cancelling = api.cancel(batch.id());
		ProviderBatch cancelled = awaitEnd(api, batch.id());
		ProviderBatch cancelledAgain = api.cancel(batch.id());

		// then
		assertThat(cancelling.status()).isIn("cancelling", "cancelled");
		assertThat(cancelled.status()).isEqualTo("cancelled");
		assertThat(cancelledAgain.status()).as("an ended batch answers 409; its state is the answer")
			.isEqualTo("cancelled");
		assertThat(cancelled.errorFileId()).isNotNull();
		List<BatchLineOutcome> notRun = new ArrayList<>();
		api.readLines(cancelled.errorFileId(), 1024 * 1024, (line) -> notRun.add(outcomeOf(gateway, line)));
		assertThat(notRun).isNotEmpty()
			.allSatisfy((outcome) -> assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.NotRun.class,
					(line) -> assertThat(line.code()).isEqualTo("batch_cancelled")));
	}

	@Test
	void readsTheAnswersOfAChatModelsBatch() throws IOException {
		// given
		Gateway gateway = aGateway(simulator(UnaryOperator.identity()), KEY);
		BatchApi api = gateway.batches();
		ImageRequest request = ImageRequest.of("gemini-2.5-flash-image-generation", "a red kite");
		ProviderFile file = api.upload("chat.jsonl", batchFile(gateway, Map.of("chat-1", request)));

		// when
		ProviderBatch ended = awaitEnd(api, api.create(file.id(), gateway.batchRequest(request).url(), Map.of()).id());
		List<BatchLineOutcome> outcomes = new ArrayList<>();
		api.readLines(ended.outputFileId(), 16 * 1024 * 1024, (line) -> outcomes.add(outcomeOf(gateway, line)));

		// then
		assertThat(ended.endpoint()).isEqualTo("/v1/chat/completions");
		assertThat(outcomes).singleElement().isInstanceOfSatisfying(BatchLineOutcome.Answered.class, (answered) -> {
			assertThat(answered.customId()).isEqualTo("chat-1");
			assertThat(answered.result().images()).singleElement().isInstanceOf(GeneratedImage.Inline.class);
			answered.result().close();
		});
	}

	@Test
	void reportsTheRequestsOfAnExpiredBatchNotRun() throws IOException {
		// given: a batch that expires after its first line
		Gateway gateway = aGateway(simulator((settings) -> settings.withBatchExpireAfterLines(1)), KEY);
		BatchApi api = gateway.batches();
		Map<String, ImageRequest> requests = new LinkedHashMap<>();
		for (int i = 1; i <= 3; i++) {
			requests.put("item-" + i, ImageRequest.of("dall-e-2", "kite " + i));
		}
		ProviderFile file = api.upload("expiring.jsonl", batchFile(gateway, requests));

		// when
		ProviderBatch ended = awaitEnd(api, api.create(file.id(), "/v1/images/generations", Map.of()).id());
		Map<String, BatchLineOutcome> outcomes = new LinkedHashMap<>();
		api.readLines(ended.errorFileId(), 1024 * 1024, (line) -> record(gateway, line, outcomes));

		// then
		assertThat(ended.status()).isEqualTo("expired");
		assertThat(outcomes).hasSize(2)
			.allSatisfy((customId, outcome) -> assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.NotRun.class,
					(notRun) -> assertThat(notRun.code()).isEqualTo("batch_expired")));
	}

	@Test
	void reportsWhyTheProviderRefusedABatchFile() throws IOException {
		// given: a file whose second line is not JSON
		Gateway gateway = aGateway(simulator(UnaryOperator.identity()), KEY);
		BatchApi api = gateway.batches();
		Path jsonl = batchFile(gateway, Map.of("item-1", ImageRequest.of("dall-e-2", "a kite")));
		Files.writeString(jsonl, "not json\n", StandardOpenOption.APPEND);
		ProviderFile file = api.upload("broken.jsonl", jsonl);

		// when
		ProviderBatch ended = awaitEnd(api, api.create(file.id(), "/v1/images/generations", Map.of()).id());

		// then
		assertThat(ended.status()).isEqualTo("failed");
		assertThat(ended.errors()).isNotEmpty();
		assertThat(ended.errors().getFirst().line()).isEqualTo(2L);
		assertThat(ended.errors().getFirst().code()).isNotBlank();
	}

	@Test
	void reportsServerErrorsOfLinesAsTransient() throws IOException {
		// given: a gateway whose every generation fails
		Gateway gateway = aGateway(simulator((settings) -> settings.withErrorRate(1.0)), KEY);
		BatchApi api = gateway.batches();
		ProviderFile file = api.upload("failing.jsonl",
				batchFile(gateway, Map.of("item-1", ImageRequest.of("dall-e-2", "a kite"))));

		// when
		ProviderBatch ended = awaitEnd(api, api.create(file.id(), "/v1/images/generations", Map.of()).id());
		Map<String, BatchLineOutcome> outcomes = new LinkedHashMap<>();
		api.readLines(ended.errorFileId(), 1024 * 1024, (line) -> record(gateway, line, outcomes));

		// then
		assertThat(ended.counts()).isEqualTo(new BatchCounts(1, 0, 1));
		assertThat(outcomes.get("item-1")).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
			assertThat(failed.error().status()).isGreaterThanOrEqualTo(500);
			assertThat(failed.error().paid()).isFalse();
		});
	}

	@Test
	void skipsLinesLongerThanTheLimitWithoutHoldingThem() throws IOException {
		// given: a completed batch of two requests
		Gateway gateway = aGateway(simulator(UnaryOperator.identity()), KEY);
		BatchApi api = gateway.batches();
		ProviderFile file = api.upload("long-lines.jsonl", batchFile(gateway, Map.of("item-1",
				ImageRequest.of("dall-e-2", "a kite"), "item-2", ImageRequest.of("dall-e-2", "a boat"))));
		ProviderBatch ended = awaitEnd(api, api.create(file.id(), "/v1/images/generations", Map.of()).id());

		// when
		List<BatchFileLine> lines = new ArrayList<>();
		long count = api.readLines(ended.outputFileId(), 100, lines::add);

		// then
		assertThat(count).isEqualTo(2);
		assertThat(lines).extracting(BatchFileLine::number).containsExactly(1L, 2L);
		assertThat(lines).allSatisfy((line) -> assertThat(line).isInstanceOfSatisfying(BatchFileLine.TooLong.class,
				(tooLong) -> assertThat(tooLong.bytes()).isGreaterThan(100)));
	}

	@Test
	void refusesAWrongKeyAsFatalWithoutRepeatingIt() throws IOException {
		// given: a gateway that echoes the key it was sent
		String wrongKey = "sk-wrong-9876543210zyxwvu";
		Gateway gateway = aGateway(simulator((settings) -> settings.withEchoKey(true)), wrongKey);
		Path jsonl = batchFile(gateway, Map.of("item-1", ImageRequest.of("dall-e-2", "a kite")));

		// when
		GatewayException upload = catchThrowableOfType(GatewayException.class,
				() -> gateway.batches().upload("x.jsonl", jsonl));
		GatewayException retrieve = catchThrowableOfType(GatewayException.class,
				() -> gateway.batches().retrieve("batch_1"));

		// then
		for (GatewayException failure : List.of(upload, retrieve)) {
			assertThat(failure.kind()).isEqualTo(ErrorKind.FATAL);
			assertThat(failure.status()).isEqualTo(401);
			assertThat(failure.getMessage()).doesNotContain("9876543210zyxwvu");
			assertThat(String.valueOf(failure.code())).doesNotContain("9876543210zyxwvu");
		}
	}

	@Test
	void reportsAnUnknownBatchAsRejectedWithTheProvidersCode() {
		// given
		Gateway gateway = aGateway(simulator(UnaryOperator.identity()), KEY);

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> gateway.batches().retrieve("batch_unknown"));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.status()).isEqualTo(404);
		assertThat(failure.code()).isEqualTo("batch_not_found");
		assertThat(gateway.batches().findBatchFor("file-nothing")).isEmpty();
	}

	@Test
	void reportsNoAnswerAsTransient() {
		// given: nothing listens there
		GatewaySimulator simulator = simulator(UnaryOperator.identity());
		Gateway gateway = aGateway(simulator, KEY);
		simulator.stop();

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> gateway.batches().retrieve("batch_1"));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(failure.status()).isZero();
		assertThat(failure.code()).isEqualTo("no_response");
	}

	private static void record(Gateway gateway, BatchFileLine line, Map<String, BatchLineOutcome> outcomes) {
		BatchLineOutcome outcome = outcomeOf(gateway, line);
		String customId = switch (outcome) {
			case BatchLineOutcome.Answered answered -> answered.customId();
			case BatchLineOutcome.Failed failed -> failed.customId();
			case BatchLineOutcome.NotRun notRun -> notRun.customId();
			case BatchLineOutcome.Unreadable unreadable -> throw new AssertionError(unreadable);
		};
		assertThat(outcomes.put(customId, outcome)).as("one line per request").isNull();
	}

	private static BatchLineOutcome outcomeOf(Gateway gateway, BatchFileLine line) {
		assertThat(line).isInstanceOf(BatchFileLine.Content.class);
		return gateway.outcomeOf(((BatchFileLine.Content) line).bytes());
	}

	private static ProviderBatch awaitEnd(BatchApi api, String batchId) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		ProviderBatch batch = api.retrieve(batchId);
		while (!batch.ended()) {
			assertThat(System.nanoTime() - deadline).as("batch ended within " + PATIENCE).isNegative();
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			batch = api.retrieve(batchId);
		}
		return batch;
	}

	/** The requests as a batch file, one line each, the way a run writes them. */
	private Path batchFile(Gateway gateway, Map<String, ImageRequest> requests) throws IOException {
		StringBuilder lines = new StringBuilder();
		requests.forEach((customId, request) -> {
			BatchRequest line = gateway.batchRequest(request);
			ObjectNode node = JSON.createObjectNode();
			node.put("custom_id", customId);
			node.put("method", "POST");
			node.put("url", line.url());
			node.set("body", JSON.readTree(line.body()));
			lines.append(JSON.writeValueAsString(node)).append('\n');
		});
		Path file = Files.createTempFile(this.temp, "batch-", ".jsonl");
		Files.writeString(file, lines, StandardCharsets.UTF_8);
		return file;
	}

	private GatewaySimulator simulator(UnaryOperator<SimulatorProperties> settings) {
		GatewaySimulator simulator = new GatewaySimulator(
				settings.apply(SimulatorProperties.defaults().withApiKeys(List.of(KEY))), TestModelCatalog.load(),
				Clock.systemUTC());
		simulator.start(0);
		this.simulators.add(simulator);
		return simulator;
	}

	private static Gateway aGateway(GatewaySimulator simulator, String key) {
		ApiKey apiKey = new ApiKey(key);
		GatewaySettings settings = GatewaySettings.of(URI.create(simulator.baseUri() + "/v1"), apiKey);
		BoundedHttp http = new BoundedHttp(Duration.ofSeconds(5), 4, SystemDefaultDnsResolver.INSTANCE);
		return new Gateway("simulated", settings,
				new HttpImageGateway("simulated", settings, TestModelCatalog.load(), http, JSON),
				new ImageDownloader(http, settings.downloadPolicy(DownloadPolicy.HostResolver.SYSTEM),
						Duration.ofSeconds(5), settings.maxImageSize().toBytes()),
				new TrafficControl(new TrafficControl.Limits(null, null), Map.of(), 4, Duration.ofSeconds(1), 0.0),
				new KeyRedaction(List.of(apiKey)), new RequestBodies(settings, TestModelCatalog.load(), JSON),
				new HttpBatchApi("simulated", settings,
						new BoundedHttp(Duration.ofSeconds(5), 4, SystemDefaultDnsResolver.INSTANCE), JSON));
	}

}
