package io.imagebatch.gateway.simulator;

import java.time.Duration;
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
		// when
		SimulatorProperties bound = bind(
				Map.of("imagebatch.simulator.latency", "2s", "imagebatch.simulator.latency-jitter", "500ms",
						"imagebatch.simulator.url-lifetime", "10m", "imagebatch.simulator.reject-marker", "#nope",
						"imagebatch.simulator.api-keys", "k1,k2", "imagebatch.simulator.url-store-capacity", "64MB"));

		// then
		assertThat(bound).isEqualTo(new SimulatorProperties(Duration.ofSeconds(2), Duration.ofMillis(500),
				Duration.ofMinutes(10), "#nope", List.of("k1", "k2"), DataSize.ofMegabytes(64)));
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
