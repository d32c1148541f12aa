package io.imagebatch.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdminConfigTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AdminConfig config = new AdminConfig(JSON);

	private final SimulatorProperties everythingSet = new SimulatorProperties(Duration.ofMillis(1500),
			Duration.ofNanos(7), Duration.ofMinutes(10), "#nope", List.of("k1", "k,2"), DataSize.ofKilobytes(3), 60,
			120, 5, 0.1, 0.05, 0.2, Duration.ofSeconds(45),
			Map.of("gemini-2.5-flash-image-generation", Duration.ofSeconds(3), "openai/dall-e-3", Duration.ZERO), 100,
			List.of("k3"), 42L, 1000, 0.3, Duration.ofMillis(250), 0.4, 0.6, Duration.ofMillis(20), 0.7, 0.8,
			DataSize.ofMegabytes(64), DataSize.ofMegabytes(40), "http://127.0.0.1:9{path}", true, true, 300,
			DataSize.ofMegabytes(5), Duration.ofSeconds(3), 7, DataSize.ofMegabytes(2));

	@Test
	void configurationItWritesBindsBackToTheSameSettings() {
		// when
		SimulatorProperties bound = new Binder(
				new MapConfigurationPropertySource(AdminConfig.toConfiguration(this.everythingSet)))
			.bindOrCreate("imagebatch.simulator", SimulatorProperties.class);

		// then
		assertThat(bound).isEqualTo(this.everythingSet);
	}

	@Test
	void partialChangeInEitherCaseLeavesEverythingElseAsItWas() {
		// when
		SimulatorProperties changed = this.config.apply(this.everythingSet,
				json("{\"requests-per-minute\": 7, \"errorRate\": 0.5, \"slow-latency\": \"2s\", "
						+ "\"model-latency\": {\"dall-e-2\": 250}, \"seed\": null, \"drip-interval\": \"2s\", "
						+ "\"pad-images-to\": \"45MB\", \"echoKey\": false, \"image-url\": null}"));

		// then
		assertThat(changed).isEqualTo(SimulatorProperties.defaults()
			.withLatency(Duration.ofMillis(1500), Duration.ofNanos(7))
			.withUrlLifetime(Duration.ofMinutes(10))
			.withRejectMarker("#nope")
			.withApiKeys(List.of("k1", "k,2"))
			.withUrlStoreCapacity(DataSize.ofKilobytes(3))
			.withRequestsPerMinute(7)
			.withImagesPerMinute(120)
			.withRateLimitBurst(5)
			.withErrorRate(0.5)
			.withDropRate(0.05)
			.withSlowResponses(0.2, Duration.ofSeconds(2))
			.withModelLatency(Map.of("dall-e-2", Duration.ofMillis(250)))
			.withCreditImages(100)
			.withForbiddenKeys(List.of("k3"))
			.withLedgerCapacity(1000)
			.withThrottling(0.3, Duration.ofMillis(250))
			.withDripRate(0.4)
			.withDownloadDripRate(0.6)
			.withDripInterval(Duration.ofSeconds(2))
			.withEndlessRate(0.7)
			.withDownloadEndlessRate(0.8)
			.withEndlessBodyLimit(DataSize.ofMegabytes(64))
			.withPadImagesTo(DataSize.ofMegabytes(45))
			.withAnsiErrors(true)
			.withErrorCodeLength(300)
			.withErrorMessageSize(DataSize.ofMegabytes(5))
			.withBatchProcessingTime(Duration.ofSeconds(3))
			.withBatchExpireAfterLines(7)
			.withBatchMaxFileSize(DataSize.ofMegabytes(2)));
	}

	@Test
	void refusesASettingFixedAtStart() {
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> this.config.apply(this.everythingSet, json("{\"url-lifetime\": \"1m\"}")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(400))
			.withMessageContaining("url-lifetime");
	}

	@Test
	void refusesAnUnknownSetting() {
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> this.config.apply(this.everythingSet, json("{\"requests-per-hour\": 1}")))
			.withMessageContaining("requests-per-hour");
	}

	@Test
	void refusesAnInvalidValueNamingTheProperty() {
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> this.config.apply(this.everythingSet, json("{\"drop-rate\": 2}")))
			.satisfies((error) -> assertThat(error.code()).isEqualTo("invalid_config"))
			.withMessageContaining("imagebatch.simulator.drop-rate");
	}

	@Test
	void showsTheNumberOfForbiddenKeysButNotTheKeys() {
		// when
		JsonNode shown = this.config.toJson(this.everythingSet);

		// then
		assertThat(shown.get("forbidden-key-count").intValue()).isEqualTo(1);
		assertThat(shown.toString()).doesNotContain("k3").doesNotContain("k1");
		assertThat(shown.get("latency").stringValue()).isEqualTo("1500ms");
		assertThat(shown.get("slow-latency").stringValue()).isEqualTo("45s");
		assertThat(shown.get("seed").longValue()).isEqualTo(42);
	}

	@Test
	void showsTheHostileSettingsInTheUnitsTheyAreWrittenIn() {
		// when
		JsonNode shown = this.config.toJson(this.everythingSet);

		// then
		assertThat(shown.get("throttle-rate").doubleValue()).isEqualTo(0.3);
		assertThat(shown.get("throttle-retry-after").stringValue()).isEqualTo("250ms");
		assertThat(shown.get("drip-rate").doubleValue()).isEqualTo(0.4);
		assertThat(shown.get("download-drip-rate").doubleValue()).isEqualTo(0.6);
		assertThat(shown.get("drip-interval").stringValue()).isEqualTo("20ms");
		assertThat(shown.get("endless-rate").doubleValue()).isEqualTo(0.7);
		assertThat(shown.get("download-endless-rate").doubleValue()).isEqualTo(0.8);
		assertThat(shown.get("endless-body-limit").stringValue()).isEqualTo("64MB");
		assertThat(shown.get("pad-images-to").stringValue()).isEqualTo("40MB");
		assertThat(shown.get("image-url").stringValue()).isEqualTo("http://127.0.0.1:9{path}");
		assertThat(shown.get("echo-key").booleanValue()).isTrue();
		assertThat(shown.get("ansi-errors").booleanValue()).isTrue();
		assertThat(shown.get("error-code-length").intValue()).isEqualTo(300);
		assertThat(shown.get("error-message-size").stringValue()).isEqualTo("5MB");
	}

	@Test
	void batchSettingsAreShownAndChangedLikeTheOthers() {
		// when
		SimulatorProperties changed = this.config.apply(SimulatorProperties.defaults(), json(
				"{\"batch-processing-time\": \"5s\", \"batch-expire-after-lines\": 3, \"batch-max-file-size\": \"1MB\"}"));
		JsonNode shown = this.config.toJson(changed);

		// then
		assertThat(changed.batchProcessingTime()).isEqualTo(Duration.ofSeconds(5));
		assertThat(changed.batchExpireAfterLines()).isEqualTo(3);
		assertThat(changed.batchMaxFileSize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(shown.get("batch-processing-time").stringValue()).isEqualTo("5s");
		assertThat(shown.get("batch-expire-after-lines").intValue()).isEqualTo(3);
		assertThat(shown.get("batch-max-file-size").stringValue()).isEqualTo("1MB");
	}

	@Test
	void refusesPaddingBeyondOneGigabyte() {
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> this.config.apply(this.everythingSet, json("{\"pad-images-to\": \"2GB\"}")))
			.withMessageContaining("imagebatch.simulator.pad-images-to");
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
