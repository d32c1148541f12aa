package io.imagebatch.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.ratelimit.BucketStores;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The gateways. With none configured, runs call the {@link FallbackGateway} a dev-only
 * part supplies (the built-in simulator), over real HTTP like any other gateway.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	/** Batch API calls are few: a poll now and then, a transfer or two. */
	private static final int BATCH_CONNECTIONS = 4;

	@Bean
	@Lazy
	Gateways gateways(GatewayProperties properties, ModelCatalog catalog, JsonMapper json, BucketStores buckets,
			ObjectProvider<FallbackGateway> fallbackGateway) {
		Map<String, GatewaySettings> configured = new LinkedHashMap<>(properties.gateways());
		if (configured.isEmpty()) {
			FallbackGateway fallback = fallbackGateway.getIfAvailable();
			if (fallback == null) {
				throw new IllegalStateException(
						"No gateway configured: set imagebatch.gateways.<name>.base-url (and api-key)");
			}
			configured.put(fallback.name(), fallback.settings());
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
		// the batch API has connections of its own: calls in flight on the images
		// endpoint
		// must not keep a batch from being followed
		BoundedHttp batchHttp = new BoundedHttp(settings.connectTimeout(), BATCH_CONNECTIONS,
				SystemDefaultDnsResolver.INSTANCE);
		return new Gateway(name, settings, new HttpImageGateway(name, settings, catalog, api, json), downloader,
				settings.trafficControl(buckets), redaction, new RequestBodies(settings, catalog, json),
				new HttpBatchApi(name, settings, batchHttp, json));
	}

}
