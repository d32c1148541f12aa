package io.imagebatch.gateway.simulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.imageio.ImageIO;

import io.imagebatch.gateway.TestModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every fault the product has to survive, provoked over real HTTP, plus chat completions
 * and changing the settings while running.
 */
class SimulatorFaultsIntegrationTests {

	private static final String GENERATIONS = "/v1/images/generations";

	private static final String CHAT = "/v1/chat/completions";

	private static final String ONE_IMAGE = """
			{"model": "dall-e-2", "prompt": "A cat", "size": "256x256", "response_format": "b64_json"}""";

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
			assertThat(record.sha256()).isEqualTo(SimulatorHandler.sha256(png));
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
