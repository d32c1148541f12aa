package io.imagebatch.gateway;

import java.net.URI;

import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;

/**
 * A gateway as it stands in this process: its limits and what this process sees of its
 * traffic. Never its key.
 *
 * @param name its name
 * @param baseUrl where it is
 * @param maxConcurrency calls in flight at most, per process
 * @param limits the configured limits per minute
 * @param requestsPerMinuteInForce the request rate calls are paced to now (learnt from
 * the gateway's headers when none is configured), {@code null} while unlimited
 * @param callsInFlight this process's calls in flight
 * @param rateLimited 429 answers this process saw
 * @param remainingRequests what the gateway last said it had left, {@code null} before it
 * said
 */
public record GatewayStatus(String name, URI baseUrl, int maxConcurrency, TrafficControl.Limits limits,
		@Nullable Double requestsPerMinuteInForce, int callsInFlight, long rateLimited,
		@Nullable Long remainingRequests) {

	static GatewayStatus of(Gateway gateway) {
		TrafficControl traffic = gateway.traffic();
		long remaining = traffic.remainingRequests();
		return new GatewayStatus(gateway.name(), gateway.baseUrl(), gateway.maxConcurrency(), gateway.limits(),
				traffic.requestsPerMinute(), traffic.callsInFlight(), traffic.rateLimitedCount(),
				(remaining >= 0) ? remaining : null);
	}

}
