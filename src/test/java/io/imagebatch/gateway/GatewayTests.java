package io.imagebatch.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.ratelimit.TrafficControl;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GatewayTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ApiKey KEY = new ApiKey("sk-test-0123456789abcdefXYZ");

	private static final ImageRequest REQUEST = new ImageRequest("dall-e-2", "A red kite", 1, "256x256", null, null,
			null, null, null, null, null, null);

	@Test
	void takesTheKeyOutOfTheCodeAndMessageOfAFailedCall() {
		// given: a gateway that echoes the key it was sent
		Gateway gateway = aGateway((request) -> {
			throw new GatewayException(ErrorKind.FATAL, 401, "invalid_api_key",
					"Incorrect API key provided: Bearer " + KEY.value());
		});

		// when / then
		assertThatExceptionOfType(GatewayException.class).isThrownBy(() -> gateway.generate(REQUEST))
			.withMessage("Incorrect API key provided: Bearer " + KEY.masked())
			.matches((failure) -> failure.kind() == ErrorKind.FATAL && failure.status() == 401);
	}

	@Test
	void takesTheKeyOutOfAFailedDownload() {
		// given: an image URL on a host named after the key, which is not allowed
		Gateway gateway = aGateway((request) -> {
			throw new AssertionError("no call expected");
		});
		GeneratedImage image = new GeneratedImage.Remote("https://" + KEY.value().toLowerCase() + ".example.com/0.png",
				null);

		// when / then
		assertThatExceptionOfType(GatewayException.class).isThrownBy(() -> gateway.bytesOf(image))
			.withMessageContaining(KEY.masked())
			.withMessageNotContaining("0123456789abcdef");
	}

	private static Gateway aGateway(ImageGateway client) {
		GatewaySettings settings = GatewaySettings.of(URI.create("http://127.0.0.1:9/v1"), KEY);
		return new Gateway("hostile", settings, client,
				new ImageDownloader(new BoundedHttp(Duration.ofSeconds(1), 1, SystemDefaultDnsResolver.INSTANCE),
						settings.downloadPolicy(DownloadPolicy.HostResolver.SYSTEM), Duration.ofSeconds(1), 1000),
				new TrafficControl(new TrafficControl.Limits(null, null), Map.of(), 4, Duration.ofSeconds(1), 0.0),
				new KeyRedaction(List.of(KEY)), new RequestBodies(settings, TestModelCatalog.load(), JSON),
				new HttpBatchApi("hostile", settings,
						new BoundedHttp(Duration.ofSeconds(1), 1, SystemDefaultDnsResolver.INSTANCE), JSON));
	}

}
