package io.imagebatch.simulator;

import io.imagebatch.testsupport.MutableClock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.system.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator over real HTTP, as the product's gateway client sees it.
 */
class GatewaySimulatorIntegrationTests {

	private static final String GENERATIONS = "/v1/images/generations";

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private GatewaySimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void startSimulator() {
		this.simulator = new GatewaySimulator(SimulatorProperties.defaults().withApiKeys(List.of(SimulatorClient.KEY)),
				TestModelCatalog.load(), this.clock);
		this.client = new SimulatorClient(this.simulator.start(0));
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.stop();
	}

	@Test
	void b64JsonDecodesToAPngOfTheRequestedSizeWhoseHashIsInTheLedger() throws IOException {
		// given
		String body = """
				{"model": "dall-e-3", "prompt": "A lighthouse at dusk", "size": "1792x1024",
				 "quality": "hd", "response_format": "b64_json"}""";

		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, body);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response.body());
		assertThat(json.get("created").longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(json.get("data")).hasSize(1);
		JsonNode image = json.get("data").get(0);
		assertThat(image.has("url")).isFalse();
		assertThat(image.get("revised_prompt").stringValue()).contains("A lighthouse at dusk");
		byte[] png = Base64.getDecoder().decode(image.get("b64_json").stringValue());
		BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(decoded.getWidth()).isEqualTo(1792);
		assertThat(decoded.getHeight()).isEqualTo(1024);
		assertThat(this.simulator.ledger().generated()).singleElement().satisfies((record) -> {
			assertThat(record.sha256()).isEqualTo(Sha256.hex(png));
			assertThat(record.byteCount()).isEqualTo(png.length);
			assertThat(record.model()).isEqualTo("dall-e-3");
			assertThat(record.quality()).isEqualTo("hd");
			assertThat(record.responseFormat()).isEqualTo("b64_json");
		});
	}

	@Test
	void urlImageIsDownloadableUntilTheClockPassesItsLifetime() throws IOException {
		// given
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "A red bicycle", "size": "256x256", "n": 2}""");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode data = SimulatorClient.json(response.body()).get("data");
		assertThat(data).hasSize(2);
		URI url = URI.create(data.get(1).get("url").stringValue());
		assertThat(url.toString()).startsWith(this.simulator.baseUri() + "/files/").endsWith(".png");

		// when
		HttpResponse<byte[]> fresh = this.client.getBytes(url);
		this.clock.advance(Duration.ofHours(1));
		HttpResponse<byte[]> expired = this.client.getBytes(url);

		// then
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(ImageIO.read(new ByteArrayInputStream(fresh.body())).getWidth()).isEqualTo(256);
		GeneratedRecord second = this.simulator.ledger().generated().get(1);
		assertThat(second.index()).isEqualTo(1);
		assertThat(second.sha256()).isEqualTo(Sha256.hex(fresh.body()));
		assertThat(expired.statusCode()).isEqualTo(404);
		assertThat(expired.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(SimulatorClient.json(expired.body()).at("/error/code").stringValue()).isEqualTo("url_expired");
	}

	@Test
	void promptContainingTheRejectMarkerIsRefusedForContentPolicy() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-3", "prompt": "Something #REJECT me"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode error = SimulatorClient.json(response.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
		assertThat(error.get("code").stringValue()).isEqualTo("content_policy_violation");
		assertThat(error.get("message").stringValue())
			.isEqualTo("Your request was rejected due to content policy violations");
		assertThat(this.simulator.ledger().rejected()).isEqualTo(1);
		assertThat(this.simulator.ledger().imagesGenerated()).isZero();
	}

	@Test
	void sizeTheModelDoesNotOfferIsRefusedNamingTheSizesItDoes() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-3", "prompt": "A cat", "size": "512x512"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = SimulatorClient.json(response.body()).get("error");
		assertThat(error.get("code").stringValue()).isEqualTo("invalid_size");
		assertThat(error.get("message").stringValue())
			.isEqualTo("Invalid size for dall-e-3: must be 1024x1024, 1792x1024, or 1024x1792");
	}

	@Test
	void dallE3RefusesTwoImagesInOneCall() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-3", "prompt": "A cat", "n": 2}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = SimulatorClient.json(response.body()).get("error");
		assertThat(error.get("code").stringValue()).isEqualTo("invalid_n");
		assertThat(error.get("message").stringValue()).isEqualTo("n must be 1 for dall-e-3");
	}

	@Test
	void wrongApiKeyIsRefusedWithoutEchoingTheKey() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "A cat"}""", "sk-wrong-secret-123");

		// then
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode error = SimulatorClient.json(response.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("authentication_error");
		assertThat(error.get("code").stringValue()).isEqualTo("invalid_api_key");
		assertThat(response.body()).doesNotContain("sk-wrong-secret-123").doesNotContain("wrong-secret");
	}

	@Test
	void missingApiKeyIsRefused() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "A cat"}""", null);

		// then
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue()).isEqualTo("invalid_api_key");
	}

	@Test
	void apiRouteDefaultsToDallE2AndIgnoresAnImageField() {
		// when
		HttpResponse<String> response = this.client.post("/api/images/generations", """
				{"prompt": "A teapot", "image": ["https://example.com/a.png", "iVBORw0KGgo="],
				 "size": "512x512"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response.body()).get("data").get(0).has("url")).isTrue();
		assertThat(this.simulator.ledger().generated()).singleElement().satisfies((record) -> {
			assertThat(record.model()).isEqualTo("dall-e-2");
			assertThat(record.size()).isEqualTo("512x512");
		});
	}

	@Test
	void v1RouteRequiresAModel() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"prompt": "A teapot"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue()).isEqualTo("missing_model");
	}

	@Test
	void trailingSlashRouteGenerates() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS + "/", """
				{"model": "dall-e-2", "prompt": "A teapot", "size": "256x256", "response_format": "b64_json"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response.body()).get("data").get(0).has("b64_json")).isTrue();
	}

	@Test
	void gptImage1ReportsTokenUsageFromTheTable() {
		// given
		String prompt = "A small blue robot waters a plant";

		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "gpt-image-1", "prompt": "%s", "size": "1024x1024", "quality": "low", "n": 2,
				 "response_format": "b64_json"}""".formatted(prompt));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode usage = SimulatorClient.json(response.body()).get("usage");
		long textTokens = (prompt.length() + 3) / 4;
		assertThat(usage.get("output_tokens").longValue()).isEqualTo(544);
		assertThat(usage.get("input_tokens").longValue()).isEqualTo(textTokens);
		assertThat(usage.at("/input_tokens_details/text_tokens").longValue()).isEqualTo(textTokens);
		assertThat(usage.at("/input_tokens_details/image_tokens").longValue()).isZero();
		assertThat(usage.get("total_tokens").longValue()).isEqualTo(544 + textTokens);
	}

	@Test
	void dallE2ResponseCarriesNoUsage() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "A cat", "size": "256x256"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response.body()).has("usage")).isFalse();
	}

	@Test
	void transparentBackgroundYieldsAPngWhoseCornerIsFullyTransparent() throws IOException {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "gpt-image-1", "prompt": "A sticker of a fox", "background": "transparent",
				 "size": "1024x1024", "quality": "low", "response_format": "b64_json"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		byte[] png = Base64.getDecoder()
			.decode(SimulatorClient.json(response.body()).at("/data/0/b64_json").stringValue());
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getColorModel().hasAlpha()).isTrue();
		assertThat(image.getRGB(0, 0) >>> 24).isZero();
		assertThat(image.getRGB(image.getWidth() / 2, image.getHeight() / 2) >>> 24).isEqualTo(0xFF);
	}

	@Test
	void chatModelIsRefusedOnTheImagesEndpoint() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, """
				{"model": "gemini-2.5-flash-image-generation", "prompt": "A cat"}""");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue())
			.isEqualTo("unsupported_model");
	}

	@Test
	void malformedJsonIsRefused() {
		// when
		HttpResponse<String> response = this.client.post(GENERATIONS, "{\"model\": \"dall-e-2\", ");

		// then
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response.body()).at("/error/code").stringValue()).isEqualTo("invalid_json");
	}

	@Test
	void unknownPathIsNotFoundInTheErrorShape() {
		// when
		HttpResponse<String> response = this.client.get("/v1/models/nothing");

		// then
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(SimulatorClient.json(response.body()).at("/error/type").stringValue())
			.isEqualTo("invalid_request_error");
	}

	@Test
	void ledgerIsServedAsJson() {
		// given
		this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "A cat", "size": "256x256"}""");
		this.client.post(GENERATIONS, """
				{"model": "dall-e-2", "prompt": "#reject a cat"}""");

		// when
		HttpResponse<String> response = this.client.get("/admin/ledger");

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode ledger = SimulatorClient.json(response.body());
		assertThat(ledger.get("requests").longValue()).isEqualTo(2);
		assertThat(ledger.get("rejected").longValue()).isEqualTo(1);
		assertThat(ledger.get("images_generated").longValue()).isEqualTo(1);
		assertThat(ledger.at("/generated/0/sha256").stringValue())
			.isEqualTo(this.simulator.ledger().generated().get(0).sha256());
	}

	@Test
	void answersNoSoonerThanTheConfiguredLatency() {
		// given
		Duration latency = Duration.ofMillis(300);
		try (GatewaySimulator slow = new GatewaySimulator(
				SimulatorProperties.defaults().withLatency(latency, Duration.ZERO), TestModelCatalog.load(),
				this.clock)) {
			SimulatorClient slowClient = new SimulatorClient(slow.start(0));

			// when
			long started = System.nanoTime();
			HttpResponse<String> response = slowClient.post(GENERATIONS, """
					{"model": "dall-e-2", "prompt": "A cat", "size": "256x256"}""");
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

			// then
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(elapsed).isGreaterThanOrEqualTo(latency);
		}
	}

}
