package io.imagebatch.gateway.simulator;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the built-in gateway simulator behaves, bound from {@code imagebatch.simulator}.
 *
 * @param latency the least time before each answer
 * @param latencyJitter extra time added at random, uniformly in {@code [0, jitter]}
 * @param urlLifetime how long a {@code url} image stays downloadable
 * @param rejectMarker a prompt containing this (ignoring case) is rejected for content
 * policy; blank turns rejection off
 * @param apiKeys the bearer keys accepted; empty accepts any non-empty key
 * @param urlStoreCapacity how much memory {@code url} images may hold; the oldest are
 * evicted first
 */
@ConfigurationProperties("imagebatch.simulator")
public record SimulatorProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0ms") Duration latencyJitter,
		@DefaultValue("1h") Duration urlLifetime, @DefaultValue("#reject") String rejectMarker,
		@DefaultValue List<String> apiKeys, @DefaultValue("256MB") DataSize urlStoreCapacity) {

	public SimulatorProperties {
		// Fail at start-up with the property's name rather than at the first request.
		requireNotNegative("latency", latency);
		requireNotNegative("latency-jitter", latencyJitter);
		if (urlLifetime.isNegative() || urlLifetime.isZero()) {
			throw new IllegalArgumentException(
					"imagebatch.simulator.url-lifetime must be positive, was " + urlLifetime);
		}
		if (urlStoreCapacity.toBytes() <= 0) {
			throw new IllegalArgumentException(
					"imagebatch.simulator.url-store-capacity must be positive, was " + urlStoreCapacity);
		}
		apiKeys = List.copyOf(apiKeys);
	}

	/** The defaults as configuration would bind them, for tests and the CLI. */
	public static SimulatorProperties defaults() {
		return new SimulatorProperties(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), "#reject", List.of(),
				DataSize.ofMegabytes(256));
	}

	public SimulatorProperties withLatency(Duration latency, Duration latencyJitter) {
		return new SimulatorProperties(latency, latencyJitter, this.urlLifetime, this.rejectMarker, this.apiKeys,
				this.urlStoreCapacity);
	}

	public SimulatorProperties withUrlLifetime(Duration urlLifetime) {
		return new SimulatorProperties(this.latency, this.latencyJitter, urlLifetime, this.rejectMarker, this.apiKeys,
				this.urlStoreCapacity);
	}

	public SimulatorProperties withApiKeys(List<String> apiKeys) {
		return new SimulatorProperties(this.latency, this.latencyJitter, this.urlLifetime, this.rejectMarker, apiKeys,
				this.urlStoreCapacity);
	}

	public SimulatorProperties withUrlStoreCapacity(DataSize urlStoreCapacity) {
		return new SimulatorProperties(this.latency, this.latencyJitter, this.urlLifetime, this.rejectMarker,
				this.apiKeys, urlStoreCapacity);
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value.isNegative()) {
			throw new IllegalArgumentException("imagebatch.simulator." + name + " must not be negative, was " + value);
		}
	}

}
