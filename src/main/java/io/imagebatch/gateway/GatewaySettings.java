package io.imagebatch.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param timeout how long one call may take
 * @param connectTimeout how long connecting may take
 * @param downloadAllowedHosts hosts {@code url} images may be downloaded from; empty
 * means the gateway's own host
 * @param maxImageSize the largest image accepted
 * @param modelLimits per-minute limits of single models, by model id as sent
 * @param userField the request field for the end-user id: {@code user} or
 * {@code safety_identifier}
 * @param maxRetryAfter the longest wait honoured from {@code Retry-After}; some gateways
 * send absurd values
 * @param rateLimitHeadroom the fraction of each limit left unused, so network jitter
 * never provokes a 429
 */
public record GatewaySettings(URI baseUrl, @Nullable ApiKey apiKey,
		@DefaultValue("/images/generations") String imagesPath, @DefaultValue("/chat/completions") String chatPath,
		@Nullable Integer requestsPerMinute, @Nullable Integer imagesPerMinute, @DefaultValue("16") int maxConcurrency,
		@DefaultValue("120s") Duration timeout, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue List<String> downloadAllowedHosts, @DefaultValue("50MB") DataSize maxImageSize,
		@DefaultValue Map<String, TrafficControl.Limits> modelLimits, @DefaultValue("user") String userField,
		@DefaultValue("120s") Duration maxRetryAfter, @DefaultValue("0.02") double rateLimitHeadroom) {

	/** A gateway at {@code baseUrl} with every other setting at its default. */
	public static GatewaySettings of(URI baseUrl, @Nullable ApiKey apiKey) {
		return new GatewaySettings(baseUrl, apiKey, "/images/generations", "/chat/completions", null, null, 16,
				Duration.ofSeconds(120), Duration.ofSeconds(10), List.of(), DataSize.ofMegabytes(50), Map.of(), "user",
				Duration.ofSeconds(120), 0.02);
	}

	TrafficControl trafficControl() {
		return new TrafficControl(new TrafficControl.Limits(this.requestsPerMinute, this.imagesPerMinute),
				this.modelLimits, this.maxConcurrency, this.maxRetryAfter, this.rateLimitHeadroom);
	}

	URI imagesUri() {
		return join(this.imagesPath);
	}

	URI chatUri() {
		return join(this.chatPath);
	}

	List<String> allowedDownloadHosts() {
		return this.downloadAllowedHosts.isEmpty() ? List.of(this.baseUrl.getHost()) : this.downloadAllowedHosts;
	}

	private URI join(String path) {
		String base = this.baseUrl.toString();
		String trimmedBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return URI.create(trimmedBase + (path.startsWith("/") ? path : "/" + path));
	}

}
