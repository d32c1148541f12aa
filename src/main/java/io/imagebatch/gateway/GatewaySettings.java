package io.imagebatch.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.imagebatch.ratelimit.BucketStores;
import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One gateway, bound from {@code imagebatch.gateways.<name>}.
 *
 * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}
 * @param apiKey the key; set it through the environment
 * ({@code IMAGEBATCH_GATEWAYS_<NAME>_API_KEY}), never in a file
 * @param imagesPath the images endpoint below {@code baseUrl}
 * @param chatPath the chat completions endpoint below {@code baseUrl}
 * @param requestsPerMinute the gateway's request limit, if known
 * @param imagesPerMinute the gateway's image limit, if known
 * @param maxConcurrency calls in flight at most
 * @param timeout how long one call may take, its answer's body included; also how long
 * one image download may take
 * @param connectTimeout how long connecting may take
 * @param downloadAllowedHosts origins {@code url} images may be downloaded from besides
 * the gateway's own: {@code [scheme://]host[:port]}, https on its default port when not
 * said, {@code *.example.com} for every subdomain
 * @param maxImageSize the largest image accepted, downloaded or inline
 * @param maxResponseSize the largest answer body read from the gateway
 * @param allowPrivateAddresses whether download hosts other than the gateway's may
 * resolve to loopback, private, link-local or metadata addresses
 * @param downloadHostAddresses fixed addresses for download host names, resolved by
 * nobody else (like {@code curl --resolve})
 * @param modelLimits per-minute limits of single models, by model id as sent
 * @param userField the request field for the end-user id: {@code user} or
 * {@code safety_identifier}
 * @param maxRetryAfter the longest wait honoured from {@code Retry-After}; some gateways
 * send absurd values
 * @param rateLimitHeadroom the fraction of each limit left unused, so network jitter
 * never provokes a 429
 * @param mode how runs call the gateway: {@code sync}, one call per request, or
 * {@code batch}, through the provider's Batch API (files of requests run within a day, at
 * about half the price)
 * @param batch how provider batches are made and followed, in {@code batch} mode
 */
public record GatewaySettings(URI baseUrl, @Nullable ApiKey apiKey,
		@DefaultValue("/images/generations") String imagesPath, @DefaultValue("/chat/completions") String chatPath,
		@Nullable Integer requestsPerMinute, @Nullable Integer imagesPerMinute, @DefaultValue("16") int maxConcurrency,
		@DefaultValue("120s") Duration timeout, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue List<String> downloadAllowedHosts, @DefaultValue("50MB") DataSize maxImageSize,
		@DefaultValue Map<String, TrafficControl.Limits> modelLimits, @DefaultValue("user") String userField,
		@DefaultValue("120s") Duration maxRetryAfter, @DefaultValue("0.02") double rateLimitHeadroom,
		@DefaultValue("100MB") DataSize maxResponseSize, @DefaultValue("false") boolean allowPrivateAddresses,
		@DefaultValue Map<String, List<InetAddress>> downloadHostAddresses, @DefaultValue("sync") CallMode mode,
		@DefaultValue BatchSettings batch) {

	public GatewaySettings {
		if (baseUrl == null) {
			throw new IllegalArgumentException("base-url is not set: every gateway needs its API root, "
					+ "e.g. base-url: https://api.openai.com/v1");
		}
		if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
			throw new IllegalArgumentException("base-url '" + baseUrl + "' is not an absolute http(s) URL");
		}
		downloadAllowedHosts.forEach(DownloadPolicy.Origin::parse);
		if (mode == null) {
			throw new IllegalArgumentException("mode is not set: use sync or batch");
		}
		if (batch == null) {
			throw new IllegalArgumentException("batch settings are not set");
		}
	}

	/** A gateway at {@code baseUrl} with every other setting at its default. */
	public static GatewaySettings of(URI baseUrl, @Nullable ApiKey apiKey) {
		return new GatewaySettings(baseUrl, apiKey, "/images/generations", "/chat/completions", null, null, 16,
				Duration.ofSeconds(120), Duration.ofSeconds(10), List.of(), DataSize.ofMegabytes(50), Map.of(), "user",
				Duration.ofSeconds(120), 0.02, DataSize.ofMegabytes(100), false, Map.of(), CallMode.SYNC,
				BatchSettings.defaults());
	}

	/** The same gateway with other batch-mode settings. */
	public GatewaySettings withBatch(BatchSettings batch) {
		return new GatewaySettings(this.baseUrl, this.apiKey, this.imagesPath, this.chatPath, this.requestsPerMinute,
				this.imagesPerMinute, this.maxConcurrency, this.timeout, this.connectTimeout, this.downloadAllowedHosts,
				this.maxImageSize, this.modelLimits, this.userField, this.maxRetryAfter, this.rateLimitHeadroom,
				this.maxResponseSize, this.allowPrivateAddresses, this.downloadHostAddresses, this.mode, batch);
	}

	TrafficControl trafficControl(BucketStores buckets) {
		return new TrafficControl(new TrafficControl.Limits(this.requestsPerMinute, this.imagesPerMinute),
				this.modelLimits, this.maxConcurrency, this.maxRetryAfter, this.rateLimitHeadroom,
				buckets.forKey(this.baseUrl, (this.apiKey != null) ? this.apiKey.reveal() : null));
	}

	URI imagesUri() {
		return join(this.imagesPath);
	}

	URI chatUri() {
		return join(this.chatPath);
	}

	DownloadPolicy downloadPolicy(DownloadPolicy.HostResolver resolver) {
		Map<String, List<InetAddress>> fixed = new LinkedHashMap<>();
		this.downloadHostAddresses.forEach((host, addresses) -> fixed.put(host.toLowerCase(Locale.ROOT), addresses));
		return new DownloadPolicy(this.baseUrl, this.downloadAllowedHosts, this.allowPrivateAddresses, fixed, resolver);
	}

	/** {@code path} below the base URL: {@code /files} of {@code https://h/v1}. */
	URI join(String path) {
		String base = this.baseUrl.toString();
		String trimmedBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return URI.create(trimmedBase + (path.startsWith("/") ? path : "/" + path));
	}

}
