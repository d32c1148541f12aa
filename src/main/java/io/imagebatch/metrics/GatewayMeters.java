package io.imagebatch.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

import io.imagebatch.ratelimit.TrafficControl;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one gateway. What its traffic control counts anyway (calls in flight,
 * 429s, time held back, what the gateway says it has left) is read when scraped, at no
 * cost to the calls.
 */
final class GatewayMeters {

	private static final Duration SHORTEST_STORE = Duration.ofMillis(1);

	private static final Duration LONGEST_STORE = Duration.ofMinutes(10);

	private final @Nullable TrafficControl traffic;

	/** Seconds calls waited after 429s, outside the traffic control. */
	private final DoubleAdder waitedAfter429 = new DoubleAdder();

	private final Timer storeTime;

	private GatewayMeters(@Nullable TrafficControl traffic, Timer storeTime) {
		this.traffic = traffic;
		this.storeTime = storeTime;
	}

	static GatewayMeters register(String gateway, @Nullable TrafficControl traffic, MeterRegistry registry) {
		GatewayMeters meters = new GatewayMeters(traffic,
				Timer.builder(MeterNames.STORE_TIME)
					.description("From a gateway's answer to its image stored in S3")
					.tag(MeterNames.GATEWAY, gateway)
					.minimumExpectedValue(SHORTEST_STORE)
					.maximumExpectedValue(LONGEST_STORE)
					.register(registry));
		FunctionCounter.builder(MeterNames.RATE_LIMIT_WAIT, meters, GatewayMeters::rateLimitWaitSeconds)
			.description("Time calls were held back by rate limits: pacing, pauses and waits after 429s")
			.tag(MeterNames.GATEWAY, gateway)
			.register(registry);
		if (traffic != null) {
			Gauge.builder(MeterNames.CALLS_IN_FLIGHT, traffic, TrafficControl::callsInFlight)
				.description("Calls to the gateway in flight in this process")
				.tag(MeterNames.GATEWAY, gateway)
				.strongReference(true)
				.register(registry);
			FunctionCounter.builder(MeterNames.GATEWAY_429, traffic, TrafficControl::rateLimitedCount)
				.description("429 answers from the gateway")
				.tag(MeterNames.GATEWAY, gateway)
				.register(registry);
			Gauge.builder(MeterNames.GATEWAY_REMAINING_REQUESTS, traffic, GatewayMeters::remainingRequests)
				.description("The gateway's x-ratelimit-remaining-requests, last seen")
				.tag(MeterNames.GATEWAY, gateway)
				.strongReference(true)
				.register(registry);
		}
		return meters;
	}

	Timer storeTime() {
		return this.storeTime;
	}

	void waitedAfter429(Duration waited) {
		this.waitedAfter429.add(seconds(waited));
	}

	private double rateLimitWaitSeconds() {
		double paced = (this.traffic != null) ? seconds(this.traffic.rateLimitWaited()) : 0;
		return paced + this.waitedAfter429.sum();
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / (double) TimeUnit.SECONDS.toNanos(1);
	}

	/** Unknown until the gateway says, which a gauge shows as NaN. */
	private static double remainingRequests(TrafficControl traffic) {
		long remaining = traffic.remainingRequests();
		return (remaining >= 0) ? remaining : Double.NaN;
	}

}
