package io.imagebatch.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SimulatorPropertiesTests {

	@Test
	void bindingNothingGivesTheDefaults() {
		// when
		SimulatorProperties bound = bind(Map.of());

		// then
		assertThat(bound).isEqualTo(SimulatorProperties.defaults());
	}

	@Test
	void bindsEveryProperty() {
		// given
		Map<String, String> properties = new HashMap<>();
		properties.put("imagebatch.simulator.latency", "2s");
		properties.put("imagebatch.simulator.latency-jitter", "500ms");
		properties.put("imagebatch.simulator.url-lifetime", "10m");
		properties.put("imagebatch.simulator.reject-marker", "#nope");
		properties.put("imagebatch.simulator.api-keys", "k1,k2");
		properties.put("imagebatch.simulator.url-store-capacity", "64MB");
		properties.put("imagebatch.simulator.requests-per-minute", "60");
		properties.put("imagebatch.simulator.images-per-minute", "120");
		properties.put("imagebatch.simulator.rate-limit-burst", "5");
		properties.put("imagebatch.simulator.error-rate", "0.1");
		properties.put("imagebatch.simulator.drop-rate", "0.05");
		properties.put("imagebatch.simulator.slow-rate", "0.2");
		properties.put("imagebatch.simulator.slow-latency", "45s");
		properties.put("imagebatch.simulator.model-latency.[gemini-2.5-flash-image-generation]", "3s");
		properties.put("imagebatch.simulator.credit-images", "100");
		properties.put("imagebatch.simulator.forbidden-keys", "k3");
		properties.put("imagebatch.simulator.seed", "42");
		properties.put("imagebatch.simulator.ledger-capacity", "1000");
		properties.put("imagebatch.simulator.throttle-rate", "0.3");
		properties.put("imagebatch.simulator.throttle-retry-after", "250ms");
		properties.put("imagebatch.simulator.drip-rate", "0.4");
		properties.put("imagebatch.simulator.download-drip-rate", "0.6");
		properties.put("imagebatch.simulator.drip-interval", "20ms");
		properties.put("imagebatch.simulator.endless-rate", "0.7");
		properties.put("imagebatch.simulator.download-endless-rate", "0.8");
		properties.put("imagebatch.simulator.endless-body-limit", "64MB");
		properties.put("imagebatch.simulator.pad-images-to", "40MB");
		properties.put("imagebatch.simulator.image-url", "http://metadata.test:{port}{path}");
		properties.put("imagebatch.simulator.echo-key", "true");
		properties.put("imagebatch.simulator.ansi-errors", "true");
		properties.put("imagebatch.simulator.error-code-length", "300");
		properties.put("imagebatch.simulator.error-message-size", "5MB");
		properties.put("imagebatch.simulator.batch-processing-time", "3s");
		properties.put("imagebatch.simulator.batch-expire-after-lines", "7");
		properties.put("imagebatch.simulator.batch-max-file-size", "2MB");

		// when
		SimulatorProperties bound = bind(properties);

		// then
		assertThat(bound).isEqualTo(new SimulatorProperties(Duration.ofSeconds(2), Duration.ofMillis(500),
				Duration.ofMinutes(10), "#nope", List.of("k1", "k2"), DataSize.ofMegabytes(64), 60, 120, 5, 0.1, 0.05,
				0.2, Duration.ofSeconds(45), Map.of("gemini-2.5-flash-image-generation", Duration.ofSeconds(3)), 100,
				List.of("k3"), 42L, 1000, 0.3, Duration.ofMillis(250), 0.4, 0.6, Duration.ofMillis(20), 0.7, 0.8,
				DataSize.ofMegabytes(64), DataSize.ofMegabytes(40), "http://metadata.test:{port}{path}", true, true,
				300, DataSize.ofMegabytes(5), Duration.ofSeconds(3), 7, DataSize.ofMegabytes(2)));
	}

	@Test
	void withMethodsChangeOnlyTheirOwnSetting() {
		// when
		SimulatorProperties changed = SimulatorProperties.defaults()
			.withRequestsPerMinute(60)
			.withImagesPerMinute(10)
			.withRateLimitBurst(3)
			.withErrorRate(0.5)
			.withSeed(7L);

		// then
		assertThat(changed.requestsPerMinute()).isEqualTo(60);
		assertThat(changed.imagesPerMinute()).isEqualTo(10);
		assertThat(changed.requestBurst()).isEqualTo(3);
		assertThat(changed.errorRate()).isEqualTo(0.5);
		assertThat(changed.seed()).isEqualTo(7L);
		assertThat(changed.withRequestsPerMinute(0)
			.withImagesPerMinute(0)
			.withRateLimitBurst(0)
			.withErrorRate(0)
			.withSeed(null)).isEqualTo(SimulatorProperties.defaults());
	}

	@Test
	void burstDefaultsToAFullMinuteOfTheLimit() {
		// when
		SimulatorProperties limited = SimulatorProperties.defaults().withRequestsPerMinute(90);

		// then
		assertThat(limited.requestBurst()).isEqualTo(90);
		assertThat(limited.imageBurst()).isZero();
	}

	@Test
	void errorRateAboveOneFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.simulator.error-rate", "1.5")))
			.havingRootCause()
			.withMessageContaining("imagebatch.simulator.error-rate");
	}

	@Test
	void creditBelowMinusOneFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.simulator.credit-images", "-2")))
			.havingRootCause()
			.withMessageContaining("imagebatch.simulator.credit-images");
	}

	@Test
	void negativeLatencyFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.simulator.latency", "-1s")))
			.havingRootCause()
			.withMessageContaining("imagebatch.simulator.latency");
	}

	private static SimulatorProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("imagebatch.simulator",
				SimulatorProperties.class);
	}

}
