package io.imagebatch.embedded;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.gateway.ApiKey;
import io.imagebatch.gateway.BatchSettings;
import io.imagebatch.gateway.FallbackGateway;
import io.imagebatch.gateway.GatewaySettings;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorProperties;
import io.imagebatch.system.EmbeddedParts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The built-in simulator as the fallback gateway. It starts in-process on loopback only
 * when no gateway is configured and a run needs one, and is called over real HTTP like
 * any other gateway.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedSimulatorConfiguration {

	static final String SIMULATOR_GATEWAY = "simulator";

	@Bean(destroyMethod = "close")
	@Lazy
	BuiltInSimulator builtInSimulator(SimulatorProperties properties, ModelCatalog catalog, Clock clock,
			EmbeddedParts embeddedParts) {
		// a key made up per process: the simulator checks keys like a real gateway does
		ApiKey key = new ApiKey("sk-sim-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
		GatewaySimulator simulator = new GatewaySimulator(properties.withApiKeys(List.of(key.value())), catalog, clock);
		URI base = simulator.start(0);
		embeddedParts.add("gateway simulator (" + base + ")");
		return new BuiltInSimulator(simulator, key);
	}

	/**
	 * The in-process simulator and the key it accepts.
	 *
	 * @param simulator the simulator
	 * @param key the key
	 */
	record BuiltInSimulator(GatewaySimulator simulator, ApiKey key) implements FallbackGateway, AutoCloseable {

		@Override
		public String name() {
			return SIMULATOR_GATEWAY;
		}

		@Override
		public GatewaySettings settings() {
			// the simulator ends a batch in moments, not hours: polled as often, a
			// batch-mode
			// demo takes seconds
			BatchSettings defaults = BatchSettings.defaults();
			return GatewaySettings.of(URI.create(this.simulator.baseUri() + "/v1"), this.key)
				.withBatch(new BatchSettings(defaults.maxLines(), defaults.maxFileSize(), defaults.deleteFiles(),
						Duration.ofMillis(250), Duration.ofSeconds(2), defaults.transferTimeout()));
		}

		@Override
		public void close() {
			this.simulator.stop();
		}

	}

}
