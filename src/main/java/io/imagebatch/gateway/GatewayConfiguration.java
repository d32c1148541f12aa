package io.imagebatch.gateway;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.imagebatch.gateway.simulator.GatewaySimulator;
import io.imagebatch.gateway.simulator.SimulatorProperties;
import io.imagebatch.ratelimit.BucketStores;
import io.imagebatch.system.EmbeddedParts;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The model catalog and the gateways. With no gateway configured, the built-in simulator
 * starts in-process on loopback and is called over real HTTP like any other gateway.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	static final String SIMULATOR_GATEWAY = "simulator";

	@Bean
	ModelCatalog modelCatalog(GatewayProperties properties) {
		return new ModelCatalog(properties.models());
	}

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

	@Bean
	@Lazy
	Gateways gateways(GatewayProperties properties, ModelCatalog catalog, JsonMapper json, BucketStores buckets,
			org.springframework.beans.factory.ObjectProvider<BuiltInSimulator> simulator) {
		Map<String, GatewaySettings> configured = new LinkedHashMap<>(properties.gateways());
		if (configured.isEmpty()) {
			BuiltInSimulator builtIn = simulator.getObject();
			configured.put(SIMULATOR_GATEWAY,
					GatewaySettings.of(URI.create(builtIn.simulator().baseUri() + "/v1"), builtIn.key()));
		}
		// any gateway may echo any key it was sent, or another one's: each hides them all
		KeyRedaction redaction = new KeyRedaction(
				configured.values().stream().map(GatewaySettings::apiKey).filter(Objects::nonNull).toList());
		Map<String, Gateway> gateways = new LinkedHashMap<>();
		configured.forEach(
				(name, settings) -> gateways.put(name, gateway(name, settings, catalog, json, buckets, redaction)));
		return new Gateways(gateways, properties.gateways().isEmpty() ? null : properties.defaultGateway(), redaction);
	}

	private static Gateway gateway(String name, GatewaySettings settings, ModelCatalog catalog, JsonMapper json,
			BucketStores buckets, KeyRedaction redaction) {
		// the pool holds every call the traffic control lets through, and a little more
		int connections = settings.maxConcurrency() + 8;
		BoundedHttp api = new BoundedHttp(settings.connectTimeout(), connections, SystemDefaultDnsResolver.INSTANCE);
		DownloadPolicy policy = settings.downloadPolicy(DownloadPolicy.HostResolver.SYSTEM);
		ImageDownloader downloader = new ImageDownloader(
				new BoundedHttp(settings.connectTimeout(), connections, policy), policy, settings.timeout(),
				settings.maxImageSize().toBytes());
		return new Gateway(name, settings, new HttpImageGateway(name, settings, catalog, api, json), downloader,
				settings.trafficControl(buckets), redaction);
	}

	/**
	 * The in-process simulator and the key it accepts.
	 *
	 * @param simulator the simulator
	 * @param key the key
	 */
	record BuiltInSimulator(GatewaySimulator simulator, ApiKey key) implements AutoCloseable {

		@Override
		public void close() {
			this.simulator.stop();
		}

	}

}
