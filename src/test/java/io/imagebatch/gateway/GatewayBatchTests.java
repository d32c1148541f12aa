package io.imagebatch.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.ratelimit.TrafficControl;
import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link Gateway} puts in a line of a provider batch, and what it makes of the
 * lines of its results.
 */
class GatewayBatchTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ApiKey KEY = new ApiKey("sk-batch-0123456789abcdefXYZ");

	private static final ImageRequest DALL_E_3 = new ImageRequest("dall-e-3", "a red kite", 1, "1024x1024", "hd",
			"vivid", null, null, null, "url", "end-user-7");

	@Test
	void asksForInlineImagesInABatchWhereTheModelCanSendThem() {
		// given
		Gateway gateway = aGateway("http://h/v1", TestModelCatalog.load());

		// when
		BatchRequest line = gateway.batchRequest(DALL_E_3);

		// then
		assertThat(line.url()).isEqualTo("/v1/images/generations");
		JsonNode body = JSON.readTree(line.body());
		assertThat(body.path("response_format").asString()).isEqualTo("b64_json");
		assertThat(body.path("model").asString()).isEqualTo("dall-e-3");
		assertThat(body.path("style").asString()).isEqualTo("vivid");
		assertThat(body.path("user").asString()).isEqualTo("end-user-7");
	}

	@Test
	void sendsInABatchWhatASynchronousCallSendsButTheResponseFormat() {
		// given
		ModelCatalog catalog = TestModelCatalog.load();
		GatewaySettings settings = GatewaySettings.of(URI.create("http://h/v1"), KEY);
		RequestBodies bodies = new RequestBodies(settings, catalog, JSON);

		// when
		JsonNode sync = JSON.readTree(bodies.call(DALL_E_3).body());
		JsonNode batch = JSON.readTree(aGateway("http://h/v1", catalog).batchRequest(DALL_E_3).body());

		// then
		assertThat(sync.path("response_format").asString()).isEqualTo("url");
		assertThat(((tools.jackson.databind.node.ObjectNode) batch).put("response_format", "url")).isEqualTo(sync);
	}

	@Test
	void keepsTheResponseFormatOfAModelThatOnlySendsUrls() {
		// given: a model whose catalog entry offers url only
		Map<String, ModelSpec> specs = new LinkedHashMap<>(TestModelCatalog.loadSpecs());
		ModelSpec dalle3 = specs.get("dall-e-3");
		specs.put("url-only",
				new ModelSpec(dalle3.endpoint(), dalle3.sizes(), false, 2048, 1, dalle3.qualities(), dalle3.styles(),
						List.of(), List.of(), List.of(), List.of("url"), dalle3.defaultSize(), dalle3.defaultQuality(),
						4000, true, false));
		Gateway gateway = aGateway("http://h/v1", new ModelCatalog(specs));

		// when
		BatchRequest line = gateway.batchRequest(ImageRequest.of("url-only", "a cat"));
		BatchRequest unknown = gateway.batchRequest(ImageRequest.of("not-in-the-catalog", "a cat"));

		// then
		assertThat(JSON.readTree(line.body()).has("response_format")).isFalse();
		assertThat(JSON
			.readTree(gateway
				.batchRequest(new ImageRequest("url-only", "a cat", 1, null, null, null, null, null, null, "url", null))
				.body())
			.path("response_format")
			.asString()).isEqualTo("url");
		assertThat(JSON.readTree(unknown.body()).has("response_format")).isFalse();
	}

	@Test
	void sendsAChatModelToTheChatEndpoint() {
		// when
		BatchRequest line = aGateway("http://h/v1", TestModelCatalog.load())
			.batchRequest(ImageRequest.of("gemini-2.5-flash-image-generation", "a cat"));

		// then
		assertThat(line.url()).isEqualTo("/v1/chat/completions");
		JsonNode body = JSON.readTree(line.body());
		assertThat(body.path("messages").path(0).path("content").asString()).isEqualTo("a cat");
		assertThat(body.has("response_format")).isFalse();
	}

	@Test
	void joinsTheEndpointToThePathOfTheBaseUrl() {
		ModelCatalog catalog = TestModelCatalog.load();
		ImageRequest request = ImageRequest.of("dall-e-2", "a cat");
		assertThat(aGateway("https://gw/api", catalog).batchRequest(request).url())
			.isEqualTo("/api/images/generations");
		assertThat(aGateway("https://gw/api/", catalog).batchRequest(request).url())
			.isEqualTo("/api/images/generations");
		assertThat(aGateway("https://gw", catalog).batchRequest(request).url()).isEqualTo("/images/generations");
	}

	@Test
	void takesTheKeyOutOfWhatALineSays() {
		// given: lines echoing the key
		Gateway gateway = aGateway("http://h/v1", TestModelCatalog.load());
		String refused = "{\"custom_id\":\"a\",\"response\":{\"status_code\":401,\"body\":{\"error\":{\"message\":"
				+ "\"Incorrect API key provided: " + KEY.value() + "\",\"code\":\"invalid_api_key\"}}}}";
		String notRun = "{\"custom_id\":\"b\",\"response\":null,\"error\":{\"code\":\"batch_cancelled\",\"message\":"
				+ "\"cancelled by " + KEY.value() + "\"}}";

		// when
		BatchLineOutcome failed = gateway.outcomeOf(Spool.of(refused.getBytes(StandardCharsets.UTF_8)));
		BatchLineOutcome cancelled = gateway.outcomeOf(Spool.of(notRun.getBytes(StandardCharsets.UTF_8)));

		// then
		assertThat(failed).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (line) -> {
			assertThat(line.error().kind()).isEqualTo(ErrorKind.FATAL);
			assertThat(line.error().getMessage()).isEqualTo("Incorrect API key provided: " + KEY.masked());
		});
		assertThat(cancelled)
			.isEqualTo(new BatchLineOutcome.NotRun("b", "batch_cancelled", "cancelled by " + KEY.masked()));
	}

	@Test
	void tellsItsModeAndBatchSettings() {
		// given
		GatewaySettings defaults = GatewaySettings.of(URI.create("http://h/v1"), KEY);
		BatchSettings batch = new BatchSettings(10, defaults.batch().maxFileSize(), false, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofMinutes(1));

		// when
		Gateway gateway = aGateway(withMode(defaults, CallMode.BATCH, batch), TestModelCatalog.load());

		// then
		assertThat(gateway.mode()).isEqualTo(CallMode.BATCH);
		assertThat(gateway.batchSettings()).isEqualTo(batch);
		assertThat(aGateway("http://h/v1", TestModelCatalog.load()).mode()).isEqualTo(CallMode.SYNC);
	}

	static GatewaySettings withMode(GatewaySettings s, CallMode mode, BatchSettings batch) {
		return new GatewaySettings(s.baseUrl(), s.apiKey(), s.imagesPath(), s.chatPath(), s.requestsPerMinute(),
				s.imagesPerMinute(), s.maxConcurrency(), s.timeout(), s.connectTimeout(), s.downloadAllowedHosts(),
				s.maxImageSize(), s.modelLimits(), s.userField(), s.maxRetryAfter(), s.rateLimitHeadroom(),
				s.maxResponseSize(), s.allowPrivateAddresses(), s.downloadHostAddresses(), mode, batch);
	}

	private static Gateway aGateway(String baseUrl, ModelCatalog catalog) {
		return aGateway(GatewaySettings.of(URI.create(baseUrl), KEY), catalog);
	}

	static Gateway aGateway(GatewaySettings settings, ModelCatalog catalog) {
		BoundedHttp http = new BoundedHttp(Duration.ofSeconds(1), 2, SystemDefaultDnsResolver.INSTANCE);
		return new Gateway("batchy", settings, new HttpImageGateway("batchy", settings, catalog, http, JSON),
				new ImageDownloader(http, settings.downloadPolicy(DownloadPolicy.HostResolver.SYSTEM),
						Duration.ofSeconds(1), 1000),
				new TrafficControl(new TrafficControl.Limits(null, null), Map.of(), 4, Duration.ofSeconds(1), 0.0),
				new KeyRedaction(List.of(KEY)), new RequestBodies(settings, catalog, JSON),
				new HttpBatchApi("batchy", settings, http, JSON));
	}

}
