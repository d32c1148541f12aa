package io.imagebatch.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.imagebatch.catalog.TestModelCatalog;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link HttpImageGateway} puts on the wire and how it reads answers, against a
 * capturing HTTP server that answers what each test needs.
 */
class HttpImageGatewayIntegrationTests {

	private static final String ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Captured> captured = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private volatile int status = 200;

	private volatile String answer = "{\"data\":[{\"b64_json\":\"" + ONE_PIXEL_PNG + "\"}]}";

	private volatile Map<String, String> answerHeaders = Map.of();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.captured.add(new Captured(exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					this.json.readTree(exchange.getRequestBody().readAllBytes())));
			this.answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			byte[] body = this.answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void sendsOnlyTheFieldsEachModelAcceptsWithTheKeyAsBearer() {
		// given
		HttpImageGateway gateway = gateway("user");

		// when
		gateway.generate(new ImageRequest("dall-e-2", "a cat", 2, "256x256", "standard", "vivid", "transparent", "low",
				"png", "b64_json", "end-user-7"));
		gateway.generate(
				new ImageRequest("dall-e-3", "a cat", 1, "1024x1024", "hd", "vivid", null, null, null, "url", null));

		// then
		JsonNode dalle2 = this.captured.get(0).body();
		assertThat(this.captured.get(0).path()).isEqualTo("/v1/images/generations");
		assertThat(this.captured.get(0).authorization()).isEqualTo("Bearer sk-capture-0123456789");
		assertThat(names(dalle2)).containsExactlyInAnyOrder("model", "prompt", "n", "size", "quality",
				"response_format", "user");
		assertThat(names(this.captured.get(1).body())).containsExactlyInAnyOrder("model", "prompt", "n", "size",
				"quality", "style", "response_format");
	}

	@Test
	void sendsTheEndUserAsSafetyIdentifierWhereTheGatewayWantsThat() {
		// given
		HttpImageGateway gateway = gateway("safety_identifier");

		// when
		gateway.generate(
				new ImageRequest("gpt-image-1", "a cat", 1, "auto", "low", null, null, null, null, null, "end-user-7"));

		// then
		JsonNode body = this.captured.getFirst().body();
		assertThat(body.path("safety_identifier").asString()).isEqualTo("end-user-7");
		assertThat(body.has("user")).isFalse();
	}

	@Test
	void sendsSeveralImagesToEditAsAnArrayAndOneAsAStringToAModelThatTakesThem() {
		// given
		HttpImageGateway gateway = gateway("user");

		// when
		gateway.generate(new ImageRequest("gpt-image-1", "a cat", 1, null, null, null, null, null, null, null, null,
				"[\"https://img/a.png\",\"https://img/b.png\"]"));
		gateway.generate(new ImageRequest("gpt-image-1", "a cat", 1, null, null, null, null, null, null, null, null,
				"[not a list"));
		gateway.generate(new ImageRequest("dall-e-2", "a cat", 1, null, null, null, null, null, null, null, null,
				"https://img/a.png"));

		// then
		assertThat(this.captured.get(0).body().path("image").toString())
			.isEqualTo("[\"https://img/a.png\",\"https://img/b.png\"]");
		assertThat(this.captured.get(1).body().path("image").asString()).isEqualTo("[not a list");
		assertThat(names(this.captured.get(2).body())).containsExactlyInAnyOrder("model", "prompt", "n");
	}

	@Test
	void asksAChatModelWithOneUserMessageAndTheEndUser() {
		// given
		HttpImageGateway gateway = gateway("safety_identifier");

		// when: what it answers does not matter here
		catchThrowable(() -> gateway.generate(new ImageRequest("gemini-2.5-flash-image-generation", "an orange cat", 1,
				"1024x1024", null, null, null, null, null, null, "end-user-7")));

		// then
		assertThat(this.captured.getFirst().body().toString())
			.isEqualTo("{\"model\":\"gemini-2.5-flash-image-generation\",\"messages\":[{\"role\":\"user\","
					+ "\"content\":\"an orange cat\"}],\"safety_identifier\":\"end-user-7\"}");
	}

	@Test
	void readsAnAnswerWithoutCreatedOrUsageAndItsRateLimitHeaders() {
		// given
		this.answerHeaders = Map.of("x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "0",
				"x-ratelimit-reset-requests", "1s");

		// when
		ImageResult result = gateway("user").generate(ImageRequest.of("dall-e-2", "a cat"));

		// then
		assertThat(result.created()).isNull();
		assertThat(result.usage()).isNull();
		assertThat(result.images()).singleElement().isInstanceOf(GeneratedImage.Inline.class);
		assertThat(result.rateLimits().requests().limit()).isEqualTo(60);
		assertThat(result.rateLimits().requests().remaining()).isZero();
	}

	@Test
	void asksChatModelsThroughChatCompletionsAndReadsTheirDataUrlImagesAndTokens() {
		// given
		this.answer = """
				{"choices":[{"message":{"role":"assistant","content":"Here you are","images":[
				{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}}],
				"usage":{"prompt_tokens":12,"completion_tokens":1300,"completion_tokens_details":{"image_tokens":1290}}}
				""".formatted(ONE_PIXEL_PNG);

		// when
		ImageResult result = gateway("user")
			.generate(ImageRequest.of("gemini-2.5-flash-image-generation", "an orange cat"));

		// then
		Captured call = this.captured.getFirst();
		assertThat(call.path()).isEqualTo("/v1/chat/completions");
		assertThat(call.body().path("messages").get(0).path("content").asString()).isEqualTo("an orange cat");
		assertThat(result.images()).singleElement().isInstanceOf(GeneratedImage.Inline.class);
		assertThat(result.usage()).isEqualTo(new Usage(12, 0, 1290, 10));
	}

	@Test
	void turnsTheStructuredErrorShapeIntoAClassifiedFailureWithTheGatewaysWords() {
		// given
		this.status = 429;
		this.answer = "{\"error\":{\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\"}}";
		this.answerHeaders = Map.of("Retry-After", "3");

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> gateway("user").generate(ImageRequest.of("dall-e-2", "a cat")));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
		assertThat(failure.code()).isEqualTo("rate_limit_exceeded");
		assertThat(failure.getMessage()).isEqualTo("Slow down");
		assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(3));
	}

	private HttpImageGateway gateway(String userField) {
		GatewaySettings defaults = GatewaySettings.of(
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1"),
				new ApiKey("sk-capture-0123456789"));
		GatewaySettings settings = new GatewaySettings(defaults.baseUrl(), defaults.apiKey(), defaults.imagesPath(),
				defaults.chatPath(), null, null, 4, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(),
				defaults.maxImageSize(), Map.of(), userField, Duration.ofSeconds(60), 0.02, defaults.maxResponseSize(),
				false, Map.of(), CallMode.SYNC, BatchSettings.defaults());
		return new HttpImageGateway("capture", settings, TestModelCatalog.load(),
				new BoundedHttp(Duration.ofSeconds(5), 4, SystemDefaultDnsResolver.INSTANCE), this.json);
	}

	private static List<String> names(JsonNode body) {
		return body.propertyNames().stream().toList();
	}

	private record Captured(String path, String authorization, JsonNode body) {
	}

}
