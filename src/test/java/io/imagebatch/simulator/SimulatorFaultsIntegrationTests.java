package io.imagebatch.simulator;

import io.imagebatch.testsupport.MutableClock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import javax.imageio.ImageIO;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.Polling;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every fault the product has to survive, provoked over real HTTP, plus chat completions
 * and changing the settings while running. The hostile ones (dripping and endless bodies,
 * huge images, echoed keys, hostile error texts, URLs that lead elsewhere, throttling
 * forever) are checked here at the wire, so that the end-to-end tests of the product can
 * rely on them.
 */
class SimulatorFaultsIntegrationTests {

	private static final String GENERATIONS = "/v1/images/generations";

	private static final String CHAT = "/v1/chat/completions";

	private static final String ONE_IMAGE = """
			{"model": "dall-e-2", "prompt": "A cat", "size": "256x256", "response_format": "b64_json"}""";

	private static final String URL_IMAGE = ONE_IMAGE.replace("b64_json", "url");

	private static final String REJECTED_IMAGE = ONE_IMAGE.replace("A cat", "#reject a cat");

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final List<GatewaySimulator> simulators = new ArrayList<>();

	@AfterEach
	void stopSimulators() {
		this.simulators.forEach(GatewaySimulator::stop);
	}

	@Test
	void emptyRequestBucketAnswers429WithExactRetryAfterUntilTheClockRefillsIt() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withRequestsPerMinute(3));
		SimulatorClient client = clientOf(simulator);
		for (int call = 0; call < 3; call++) {
			assertThat(client.post(GENERATIONS, ONE_IMAGE).statusCode()).isEqualTo(200);
		}

		// when
		HttpResponse<String> limited = client.post(GENERATIONS, ONE_IMAGE);
		this.clock.advance(Duration.ofSeconds(19));
		HttpResponse<String> stillLimited = client.post(GENERATIONS, ONE_IMAGE);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> refilled = client.post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(limited.statusCode()).isEqualTo(429);
		JsonNode error = SimulatorClient.json(limited.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(error.get("code").stringValue()).isEqualTo("rate_limit_exceeded");
		assertThat(error.get("message").stringValue()).startsWith("Rate limit reached for requests");
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("20000");
		assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
		assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1m0s");
		assertThat(stillLimited.statusCode()).isEqualTo(429);
		assertThat(stillLimited.headers().firstValue("retry-after-ms")).hasValue("1000");
		assertThat(stillLimited.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refilled.statusCode()).isEqualTo(200);
		assertThat(simulator.ledger().rateLimited()).isEqualTo(2);
		assertThat(simulator.ledger().imagesGenerated()).isEqualTo(4);
	}

	@Test
	void successCarriesTheRateLimitHeadersOfBothBuckets() {
		// given
		GatewaySimulator simulator = start(
				(settings) -> settings.withRequestsPerMinute(60).withImagesPerMinute(600).withRateLimitBurst(0));

		// when
		HttpResponse<String> response = clientOf(simulator).post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
		assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("59");
		assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1s");
		assertThat(response.headers().firstValue("x-ratelimit-limit-images")).hasValue("600");
		assertThat(response.headers().firstValue("x-ratelimit-remaining-images")).hasValue("599");
		assertThat(response.headers().firstValue("x-ratelimit-reset-images")).hasValue("100ms");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void imagesPerMinuteAreCountedByN() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withImagesPerMinute(5));
		SimulatorClient client = clientOf(simulator);
		String fourImages = """
				{"model": "dall-e-2", "prompt": "Cats", "size": "256x256", "n": 4, "response_format": "b64_json"}""";
		String twoImages = fourImages.replace("\"n\": 4", "\"n\": 2");

		// when
		HttpResponse<String> four = client.post(GENERATIONS, fourImages);
		HttpResponse<String> two = client.post(GENERATIONS, twoImages);

		// then
		assertThat(four.statusCode()).isEqualTo(200);
		assertThat(four.headers().firstValue("x-ratelimit-remaining-images")).hasValue("1");
		assertThat(four.headers().firstValue("x-ratelimit-reset-images")).hasValue("48s");
		assertThat(two.statusCode()).isEqualTo(429);
		assertThat(SimulatorClient.json(two.body()).at("/error/message").stringValue())
			.startsWith("Rate limit reached for images");
		assertThat(two.headers().firstValue("retry-after-ms")).hasValue("12000");
		assertThat(simulator.ledger().imagesGenerated()).isEqualTo(4);
	}

	@Test
	void errorRateOfOneAnswersEveryValidRequestWithAServerError() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withErrorRate(1.0));
		SimulatorClient client = clientOf(simulator);

		// when
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int call = 0; call < 10; call++) {
			responses.add(client.post(GENERATIONS, ONE_IMAGE));
		}

		// then
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.statusCode()).isIn(500, 502, 503);
			assertThat(SimulatorClient.json(response.body()).at("/error/type").stringValue())
				.isIn("internal_server_error", "upstream_error");
		});
		assertThat(simulator.ledger().serverErrors()).isEqualTo(10);
		assertThat(simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void dropRateOfOneClosesTheConnectionWithoutAnyAnswer() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withDropRate(1.0));
		SimulatorClient client = clientOf(simulator);

		// then
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> client.post(GENERATIONS, ONE_IMAGE))
			.withCauseInstanceOf(IOException.class);
		assertThat(simulator.ledger().dropped()).isEqualTo(1);
		assertThat(simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void exhaustedCreditAnswers402AfterExactlyTheCreditedImages() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withCreditImages(3));
		SimulatorClient client = clientOf(simulator);
		String twoImages = ONE_IMAGE.replace("\"prompt\"", "\"n\": 2, \"prompt\"");

		// when
		HttpResponse<String> first = client.post(GENERATIONS, twoImages);
		HttpResponse<String> tooMany = client.post(GENERATIONS, twoImages);
		HttpResponse<String> last = client.post(GENERATIONS, ONE_IMAGE);
		HttpResponse<String> broke = client.post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(tooMany.statusCode()).isEqualTo(402);
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(broke.statusCode()).isEqualTo(402);
		JsonNode error = SimulatorClient.json(broke.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("billing_error");
		assertThat(error.get("code").stringValue()).isEqualTo("billing_hard_limit_reached");
		assertThat(error.get("message").stringValue()).isEqualTo("Account out of credit");
		assertThat(simulator.ledger().imagesGenerated()).isEqualTo(3);
	}

	@Test
	void failedGenerationGivesItsCreditBack() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withCreditImages(1));
		SimulatorClient client = clientOf(simulator);

		// when
		HttpResponse<String> rejected = client.post(GENERATIONS, ONE_IMAGE.replace("A cat", "#reject a cat"));
		HttpResponse<String> generated = client.post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(generated.statusCode()).isEqualTo(200);
	}

	@Test
	void forbiddenKeyIsRefusedWith403WithoutEchoingTheKey() {
		// given
		String key = "sk-revoked-secret-456";
		GatewaySimulator simulator = start((settings) -> settings.withForbiddenKeys(List.of(key)));

		// when
		HttpResponse<String> response = clientOf(simulator).post(GENERATIONS, ONE_IMAGE, key);

		// then
		assertThat(response.statusCode()).isEqualTo(403);
		JsonNode error = SimulatorClient.json(response.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("permission_error");
		assertThat(error.get("code").stringValue()).isEqualTo("insufficient_permissions");
		assertThat(response.body()).doesNotContain(key).doesNotContain("revoked-secret");
		assertThat(simulator.ledger().rejected()).isEqualTo(1);
	}

	@Test
	void modelWithItsOwnLatencyAnswersNoSoonerThanThatLatency() {
		// given
		Duration latency = Duration.ofMillis(300);
		GatewaySimulator simulator = start((settings) -> settings.withModelLatency(Map.of("dall-e-2", latency)));
		SimulatorClient client = clientOf(simulator);

		// when
		long started = System.nanoTime();
		HttpResponse<String> response = client.post(GENERATIONS, ONE_IMAGE);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(elapsed).isGreaterThanOrEqualTo(latency);
	}

	@Test
	void slowRequestTakesTheSlowLatency() {
		// given
		Duration slow = Duration.ofMillis(300);
		GatewaySimulator simulator = start((settings) -> settings.withSlowResponses(1.0, slow));
		SimulatorClient client = clientOf(simulator);

		// when
		long started = System.nanoTime();
		HttpResponse<String> response = client.post(GENERATIONS, ONE_IMAGE);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(elapsed).isGreaterThanOrEqualTo(slow);
	}

	@Test
	void chatCompletionReturnsASquarePngDataUrlAndImageTokenUsage() throws IOException {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());
		String prompt = "Generate an image of a cute orange cat wearing sunglasses";

		// when
		HttpResponse<String> response = clientOf(simulator).post(CHAT, """
				{"model": "gemini-2.5-flash-image-generation",
				 "messages": [{"role": "user", "content": "%s"}]}""".formatted(prompt));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response.body());
		assertThat(json.get("id").stringValue()).startsWith("chatcmpl-");
		assertThat(json.get("object").stringValue()).isEqualTo("chat.completion");
		assertThat(json.get("created").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(json.get("model").stringValue()).isEqualTo("gemini-2.5-flash-image-generation");
		JsonNode choice = json.at("/choices/0");
		assertThat(choice.get("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(choice.at("/message/role").stringValue()).isEqualTo("assistant");
		assertThat(choice.at("/message/images/0/type").stringValue()).isEqualTo("image_url");
		String url = choice.at("/message/images/0/image_url/url").stringValue();
		assertThat(url).startsWith("data:image/png;base64,");
		byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(1024);
		assertThat(image.getHeight()).isEqualTo(1024);
		JsonNode usage = json.get("usage");
		long promptTokens = (prompt.length() + 3) / 4;
		assertThat(usage.get("prompt_tokens").longValue()).isEqualTo(promptTokens);
		assertThat(usage.get("completion_tokens").longValue()).isEqualTo(1300);
		assertThat(usage.get("total_tokens").longValue()).isEqualTo(1300 + promptTokens);
		assertThat(usage.at("/completion_tokens_details/image_tokens").longValue()).isEqualTo(1290);
		assertThat(simulator.ledger().generated()).singleElement().satisfies((record) -> {
			assertThat(record.responseFormat()).isEqualTo("data_url");
			assertThat(record.prompt()).isEqualTo(prompt);
			assertThat(record.sha256()).isEqualTo(Sha256.hex(png));
		});
	}

	@Test
	void chatCompletionTakesTheTextPartsOfAnArrayContent() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());

		// when
		HttpResponse<String> response = clientOf(simulator).post("/api/chat/completions", """
				{"model": "gemini-2.5-flash-image-generation", "messages": [{"role": "user", "content": [
				  {"type": "text", "text": "A lake"},
				  {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
				  {"type": "text", "text": "at dawn"}]}]}""");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(simulator.ledger().generated()).singleElement()
			.satisfies((record) -> assertThat(record.prompt()).isEqualTo("A lake\nat dawn"));
	}

	@Test
	void chatEndpointRefusesAnImagesModel() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());

		// when
		HttpResponse<String> response = clientOf(simulator).post(CHAT, """
				{"model": "dall-e-3", "messages": [{"role": "user", "content": "A cat"}]}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("unsupported_model");
		assertThat(simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void chatCompletionMeetsTheSameContentPolicy() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());

		// when
		HttpResponse<String> response = clientOf(simulator).post(CHAT, """
				{"model": "gemini-2.5-flash-image-generation",
				 "messages": [{"role": "user", "content": "#reject this"}]}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("content_policy_violation");
	}

	@Test
	void loweringTheLimitOverAdminTurnsTheNextRequestsInto429sAndIsShown() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withRequestsPerMinute(60));
		SimulatorClient client = clientOf(simulator);
		List<Integer> before = List.of(client.post(GENERATIONS, ONE_IMAGE).statusCode(),
				client.post(GENERATIONS, ONE_IMAGE).statusCode());

		// when
		HttpResponse<String> put = client.put("/admin/config", """
				{"requests-per-minute": 1, "error-rate": 0.0}""");
		List<Integer> after = List.of(client.post(GENERATIONS, ONE_IMAGE).statusCode(),
				client.post(GENERATIONS, ONE_IMAGE).statusCode());
		HttpResponse<String> shown = client.get("/admin/config");

		// then
		assertThat(put.statusCode()).isEqualTo(200);
		assertThat(before).containsExactly(200, 200);
		assertThat(after).containsExactly(200, 429);
		assertThat(SimulatorClient.json(shown.body()).get("requests-per-minute").intValue()).isEqualTo(1);
		assertThat(simulator.properties().requestsPerMinute()).isEqualTo(1);
	}

	@Test
	void adminRefusesAnInvalidChangeAndKeepsTheSettings() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());
		SimulatorClient client = clientOf(simulator);

		// when
		HttpResponse<String> put = client.put("/admin/config", """
				{"errorRate": 1.5}""");

		// then
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(put.body()).at("/error/message").stringValue())
			.contains("imagebatch.simulator.error-rate");
		assertThat(simulator.properties()).isEqualTo(settingsOf(UnaryOperator.identity()));
	}

	@Test
	void reconfiguringProgrammaticallyAppliesToTheNextRequest() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());
		SimulatorClient client = clientOf(simulator);
		int before = client.post(GENERATIONS, ONE_IMAGE).statusCode();

		// when
		simulator.reconfigure((settings) -> settings.withErrorRate(1.0));
		int after = client.post(GENERATIONS, ONE_IMAGE).statusCode();

		// then
		assertThat(before).isEqualTo(200);
		assertThat(after).isIn(500, 502, 503);
	}

	@Test
	void sameSeedGivesTheSameFaultsInTheSameOrder() {
		// given
		UnaryOperator<SimulatorProperties> seeded = (settings) -> settings.withErrorRate(0.5).withSeed(42L);
		SimulatorClient first = clientOf(start(seeded));
		SimulatorClient second = clientOf(start(seeded));

		// when
		List<Integer> firstStatuses = new ArrayList<>();
		List<Integer> secondStatuses = new ArrayList<>();
		for (int call = 0; call < 24; call++) {
			firstStatuses.add(first.post(GENERATIONS, ONE_IMAGE).statusCode());
			secondStatuses.add(second.post(GENERATIONS, ONE_IMAGE).statusCode());
		}

		// then
		assertThat(firstStatuses).isEqualTo(secondStatuses).contains(200).containsAnyOf(500, 502, 503);
	}

	@Test
	void ledgerServesTheFaultCounters() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withRequestsPerMinute(1));
		SimulatorClient client = clientOf(simulator);
		client.post(GENERATIONS, ONE_IMAGE);
		client.post(GENERATIONS, ONE_IMAGE);

		// when
		JsonNode ledger = SimulatorClient.json(client.get("/admin/ledger").body());

		// then
		assertThat(ledger.get("requests").longValue()).isEqualTo(2);
		assertThat(ledger.get("rate_limited").longValue()).isEqualTo(1);
		assertThat(ledger.get("server_errors").longValue()).isZero();
		assertThat(ledger.get("dropped").longValue()).isZero();
		assertThat(ledger.get("images_generated").longValue()).isEqualTo(1);
	}

	@Test
	void drippingAnswerSendsItsHeadersAtOnceThenOneBytePerIntervalAndStopsWhenTheClientHangsUp() {
		// given
		Duration interval = Duration.ofMillis(100);
		GatewaySimulator simulator = start((settings) -> settings.withDripRate(1.0).withDripInterval(interval));

		// when
		String head;
		byte[] first;
		Duration elapsed;
		try (RawHttpExchange exchange = RawHttpExchange.post(simulator.baseUri(), GENERATIONS, ONE_IMAGE)) {
			head = exchange.head();
			long started = System.nanoTime();
			first = exchange.read(3);
			elapsed = Duration.ofNanos(System.nanoTime() - started);
		}

		// then: the headers promise the whole body, which comes a byte per interval
		assertThat(head).startsWith("http/1.1 200").contains("content-length: ");
		assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("{\"c");
		assertThat(elapsed).isGreaterThanOrEqualTo(interval.multipliedBy(2));
		awaitUntil(() -> simulator.ledger().hungUp() == 1, "the simulator stops writing after the hang-up");
		assertThat(simulator.ledger().dripped()).isEqualTo(1);
		assertThat(simulator.ledger().imagesGenerated()).isEqualTo(1);
	}

	@Test
	void drippingDownloadSendsThePngOneBytePerInterval() {
		// given
		GatewaySimulator simulator = start(
				(settings) -> settings.withDownloadDripRate(1.0).withDripInterval(Duration.ofMillis(20)));
		URI url = URI.create(SimulatorClient.json(clientOf(simulator).post(GENERATIONS, URL_IMAGE).body())
			.at("/data/0/url")
			.stringValue());

		// when
		String head;
		byte[] signature;
		try (RawHttpExchange exchange = RawHttpExchange.get(url)) {
			head = exchange.head();
			signature = exchange.read(8);
		}

		// then
		assertThat(head).startsWith("http/1.1 200").contains("content-type: image/png").contains("content-length: ");
		assertThat(signature).isEqualTo(PNG_SIGNATURE);
		awaitUntil(() -> simulator.ledger().hungUp() == 1, "the simulator stops writing after the hang-up");
		assertThat(simulator.ledger().dripped()).isEqualTo(1);
		assertThat(simulator.ledger().downloads()).isEqualTo(1);
	}

	@Test
	void endlessAnswerIsTheStartOfAB64JsonAnswerAndThenBase64UpToItsLimit() {
		// given
		GatewaySimulator simulator = start(
				(settings) -> settings.withEndlessRate(1.0).withEndlessBodyLimit(DataSize.ofMegabytes(2)));

		// when
		HttpResponse<String> response = clientOf(simulator).post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Length")).isEmpty();
		String body = response.body();
		assertThat(body).hasSize((int) DataSize.ofMegabytes(2).toBytes()).startsWith("{\"created\":");
		assertThat(body.substring(body.indexOf("\"b64_json\":\"") + 12)).matches("A+");
		assertThat(simulator.ledger().endless()).isEqualTo(1);
		assertThat(simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void endlessAnswerStopsWhenTheClientHangsUp() {
		// given: the default limit, far more than anyone reads
		GatewaySimulator simulator = start((settings) -> settings.withEndlessRate(1.0));

		// when
		String head;
		try (RawHttpExchange exchange = RawHttpExchange.post(simulator.baseUri(), GENERATIONS, ONE_IMAGE)) {
			head = exchange.head();
			exchange.read(4 * 1024 * 1024);
		}

		// then
		assertThat(head).startsWith("http/1.1 200").contains("transfer-encoding: chunked");
		awaitUntil(() -> simulator.ledger().hungUp() == 1, "the simulator stops writing after the hang-up");
	}

	@Test
	void endlessDownloadStartsLikeAPngAndGoesOnUpToItsLimit() {
		// given
		GatewaySimulator simulator = start(
				(settings) -> settings.withDownloadEndlessRate(1.0).withEndlessBodyLimit(DataSize.ofMegabytes(1)));
		SimulatorClient client = clientOf(simulator);
		URI url = URI
			.create(SimulatorClient.json(client.post(GENERATIONS, URL_IMAGE).body()).at("/data/0/url").stringValue());

		// when
		HttpResponse<byte[]> download = client.getBytes(url);

		// then
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Length")).isEmpty();
		assertThat(download.body()).hasSize((int) DataSize.ofMegabytes(1).toBytes()).startsWith(PNG_SIGNATURE);
		assertThat(simulator.ledger().endless()).isEqualTo(1);
		assertThat(simulator.ledger().downloads()).isZero();
	}

	@Test
	void paddedB64ImageIsAValidPngOfExactlyThatSizeWhoseSha256TheLedgerKnows() throws IOException {
		// given
		DataSize size = DataSize.ofMegabytes(3);
		GatewaySimulator simulator = start((settings) -> settings.withPadImagesTo(size));

		// when
		HttpResponse<String> response = clientOf(simulator).post(GENERATIONS, ONE_IMAGE);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		byte[] png = Base64.getDecoder()
			.decode(SimulatorClient.json(response.body()).at("/data/0/b64_json").stringValue());
		assertThat(png).hasSize((int) size.toBytes()).startsWith(PNG_SIGNATURE);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(256);
		assertThat(simulator.ledger().generated()).singleElement().satisfies((record) -> {
			assertThat(record.sha256()).isEqualTo(Sha256.hex(png));
			assertThat(record.byteCount()).isEqualTo(size.toBytes());
		});
	}

	@Test
	void paddedUrlImageIsServedAtThatSizeWithTheLedgersSha256() {
		// given
		DataSize size = DataSize.ofMegabytes(3);
		GatewaySimulator simulator = start((settings) -> settings.withPadImagesTo(size));
		SimulatorClient client = clientOf(simulator);

		// when
		URI url = URI
			.create(SimulatorClient.json(client.post(GENERATIONS, URL_IMAGE).body()).at("/data/0/url").stringValue());
		byte[] first = client.getBytes(url).body();
		byte[] again = client.getBytes(url).body();

		// then
		assertThat(first).hasSize((int) size.toBytes()).startsWith(PNG_SIGNATURE).isEqualTo(again);
		assertThat(simulator.ledger().generated()).extracting(GeneratedRecord::sha256)
			.containsExactly(Sha256.hex(first));
	}

	@Test
	void imageUrlTemplateSendsUrlImagesWhereverATestWants() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withImageUrl("http://metadata.test:{port}{path}"));

		// when
		String url = SimulatorClient.json(clientOf(simulator).post(GENERATIONS, URL_IMAGE).body())
			.at("/data/0/url")
			.stringValue();

		// then
		assertThat(url)
			.matches("http://metadata\\.test:" + simulator.baseUri().getPort() + "/files/[0-9a-f]{32}\\.png");
	}

	@Test
	void imageUrlCanBeMalformed() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withImageUrl("http://exa mple.com/x.png"));

		// when
		String url = SimulatorClient.json(clientOf(simulator).post(GENERATIONS, URL_IMAGE).body())
			.at("/data/0/url")
			.stringValue();

		// then
		assertThat(url).isEqualTo("http://exa mple.com/x.png");
	}

	@Test
	void redirectAnswers302ToWhateverItIsToldEvenAMalformedLocation() {
		// given
		GatewaySimulator simulator = start(
				(settings) -> settings.withImageUrl("{base}/redirect?to=http://127.0.0.1:9{path}"));
		SimulatorClient client = clientOf(simulator);
		URI url = URI
			.create(SimulatorClient.json(client.post(GENERATIONS, URL_IMAGE).body()).at("/data/0/url").stringValue());

		// when
		HttpResponse<byte[]> toAnotherPort = client.getBytes(url);
		HttpResponse<String> malformed = client.get("/redirect?to=http://exa%20mple.com/x.png");
		HttpResponse<String> nowhere = client.get("/redirect");

		// then
		assertThat(toAnotherPort.statusCode()).isEqualTo(302);
		assertThat(toAnotherPort.headers().firstValue("Location")).get(InstanceOfAssertFactories.STRING)
			.matches("http://127\\.0\\.0\\.1:9/files/[0-9a-f]{32}\\.png");
		assertThat(malformed.statusCode()).isEqualTo(302);
		assertThat(malformed.headers().firstValue("Location")).hasValue("http://exa mple.com/x.png");
		assertThat(nowhere.statusCode()).isEqualTo(400);
		assertThat(simulator.ledger().redirects()).isEqualTo(2);
	}

	@Test
	void echoKeyQuotesTheKeyVerbatimIn401And400Messages() {
		// given
		String wrongKey = "sk-wrong-secret-789-0123456789";
		GatewaySimulator simulator = start((settings) -> settings.withEchoKey(true));
		SimulatorClient client = clientOf(simulator);

		// when
		HttpResponse<String> unauthorized = client.post(GENERATIONS, ONE_IMAGE, wrongKey);
		HttpResponse<String> rejected = client.post(GENERATIONS, REJECTED_IMAGE);

		// then
		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(SimulatorClient.json(unauthorized.body()).at("/error/message").stringValue())
			.startsWith("Incorrect API key provided: " + wrongKey + ".");
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(rejected.body()).at("/error/message").stringValue())
			.contains(SimulatorClient.KEY);
	}

	@Test
	void withoutEchoKeyNoMessageQuotesTheKey() {
		// given
		String wrongKey = "sk-wrong-secret-789-0123456789";
		GatewaySimulator simulator = start(UnaryOperator.identity());

		// when
		HttpResponse<String> unauthorized = clientOf(simulator).post(GENERATIONS, ONE_IMAGE, wrongKey);

		// then
		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(unauthorized.body()).doesNotContain(wrongKey).doesNotContain("secret-789");
	}

	@Test
	void hostileErrorTextsPadCodeAndMessageAndCarryTerminalEscapes() {
		// given
		DataSize messageSize = DataSize.ofMegabytes(5);
		GatewaySimulator simulator = start(
				(settings) -> settings.withAnsiErrors(true).withErrorCodeLength(300).withErrorMessageSize(messageSize));

		// when
		HttpResponse<String> rejected = clientOf(simulator).post(GENERATIONS, REJECTED_IMAGE);

		// then
		assertThat(rejected.statusCode()).isEqualTo(400);
		JsonNode error = SimulatorClient.json(rejected.body()).get("error");
		assertThat(error.get("code").stringValue()).hasSize(300).startsWith("content_policy_violation");
		String message = error.get("message").stringValue();
		assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize((int) messageSize.toBytes());
		assertThat(message).startsWith("\u001b[2J\u001b[1AYour request was rejected")
			.contains("\r\u001b[32m✔ all items SUCCEEDED");
	}

	@Test
	void adminAnswersStayPlainWhileGatewayErrorsAreHostile() {
		// given
		GatewaySimulator simulator = start((settings) -> settings.withAnsiErrors(true)
			.withErrorCodeLength(300)
			.withErrorMessageSize(DataSize.ofMegabytes(1)));

		// when
		HttpResponse<String> refused = clientOf(simulator).put("/admin/config", """
				{"drip-rate": 2}""");

		// then
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).hasSizeLessThan(1000).doesNotContain("\\u001b");
		assertThat(SimulatorClient.json(refused.body()).at("/error/code").stringValue()).isEqualTo("invalid_config");
	}

	@Test
	void throttlingSetOverAdminAnswersEveryCall429WithItsShortRetryAfter() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());
		SimulatorClient client = clientOf(simulator);

		// when
		HttpResponse<String> put = client.put("/admin/config", """
				{"throttle-rate": 1, "throttle-retry-after": "250ms"}""");
		List<HttpResponse<String>> responses = List.of(client.post(GENERATIONS, ONE_IMAGE),
				client.post(GENERATIONS, ONE_IMAGE), client.post(GENERATIONS, ONE_IMAGE));
		JsonNode shown = SimulatorClient.json(client.get("/admin/config").body());

		// then
		assertThat(put.statusCode()).isEqualTo(200);
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(429);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("retry-after-ms")).hasValue("250");
			assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
				.isEqualTo("rate_limit_exceeded");
		});
		assertThat(shown.get("throttle-rate").doubleValue()).isEqualTo(1.0);
		assertThat(shown.get("throttle-retry-after").stringValue()).isEqualTo("250ms");
		assertThat(simulator.ledger().rateLimited()).isEqualTo(3);
		assertThat(simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void hostileSettingsAreChangedAndShownOverAdmin() {
		// given
		GatewaySimulator simulator = start(UnaryOperator.identity());
		SimulatorClient client = clientOf(simulator);

		// when
		HttpResponse<String> put = client.put("/admin/config", """
				{"drip-rate": 0.5, "download-drip-rate": 0.25, "drip-interval": "2s", "endless-rate": 0.1,
				 "download-endless-rate": 0.2, "endless-body-limit": "1GB", "pad-images-to": "40MB",
				 "image-url": "{base}/redirect?to=http://127.0.0.1:9{path}", "echo-key": true,
				 "ansi-errors": true, "error-code-length": 300, "error-message-size": "5MB"}""");

		// then
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		JsonNode shown = SimulatorClient.json(client.get("/admin/config").body());
		assertThat(shown.get("drip-rate").doubleValue()).isEqualTo(0.5);
		assertThat(shown.get("download-drip-rate").doubleValue()).isEqualTo(0.25);
		assertThat(shown.get("drip-interval").stringValue()).isEqualTo("2s");
		assertThat(shown.get("endless-rate").doubleValue()).isEqualTo(0.1);
		assertThat(shown.get("download-endless-rate").doubleValue()).isEqualTo(0.2);
		assertThat(shown.get("endless-body-limit").stringValue()).isEqualTo("1GB");
		assertThat(shown.get("pad-images-to").stringValue()).isEqualTo("40MB");
		assertThat(shown.get("image-url").stringValue()).isEqualTo("{base}/redirect?to=http://127.0.0.1:9{path}");
		assertThat(shown.get("echo-key").booleanValue()).isTrue();
		assertThat(shown.get("ansi-errors").booleanValue()).isTrue();
		assertThat(shown.get("error-code-length").intValue()).isEqualTo(300);
		assertThat(shown.get("error-message-size").stringValue()).isEqualTo("5MB");
		assertThat(simulator.properties().padImagesTo()).isEqualTo(DataSize.ofMegabytes(40));
	}

	@Test
	void sameSeedGivesTheSameThrottlingInTheSameOrder() {
		// given
		UnaryOperator<SimulatorProperties> seeded = (settings) -> settings.withThrottling(0.5, Duration.ofMillis(100))
			.withSeed(42L);
		SimulatorClient first = clientOf(start(seeded));
		SimulatorClient second = clientOf(start(seeded));

		// when
		List<Integer> firstStatuses = new ArrayList<>();
		List<Integer> secondStatuses = new ArrayList<>();
		for (int call = 0; call < 24; call++) {
			firstStatuses.add(first.post(GENERATIONS, ONE_IMAGE).statusCode());
			secondStatuses.add(second.post(GENERATIONS, ONE_IMAGE).statusCode());
		}

		// then
		assertThat(firstStatuses).isEqualTo(secondStatuses).contains(200, 429);
	}

	private static void awaitUntil(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Waited 10 s in vain: " + what);
			}
			Polling.pause();
		}
	}

	private SimulatorProperties settingsOf(UnaryOperator<SimulatorProperties> settings) {
		return settings.apply(SimulatorProperties.defaults().withApiKeys(List.of(SimulatorClient.KEY)));
	}

	private GatewaySimulator start(UnaryOperator<SimulatorProperties> settings) {
		GatewaySimulator simulator = new GatewaySimulator(settingsOf(settings), TestModelCatalog.load(), this.clock);
		this.simulators.add(simulator);
		simulator.start(0);
		return simulator;
	}

	private static SimulatorClient clientOf(GatewaySimulator simulator) {
		return new SimulatorClient(simulator.baseUri());
	}

}
