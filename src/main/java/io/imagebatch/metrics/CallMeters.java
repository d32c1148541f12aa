package io.imagebatch.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.imagebatch.cost.PriceTable;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.ratelimit.TrafficControl;
import io.imagebatch.run.CallEvent;
import io.imagebatch.run.CallEventListener;
import io.imagebatch.run.CallOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns the run module's call events into meters. Each meter is looked up in the registry
 * once per tag set and kept: an event costs a map lookup and an increment.
 */
@Component
class CallMeters implements CallEventListener {

	/** Shorter calls are all alike; longer ones are stuck. */
	private static final Duration SHORTEST_CALL = Duration.ofMillis(10);

	private static final Duration LONGEST_CALL = Duration.ofMinutes(10);

	private final MeterRegistry registry;

	private final ObjectProvider<Gateways> gateways;

	private final Map<String, GatewayMeters> byGateway = new ConcurrentHashMap<>();

	private final Map<ImageTags, Counter> images = new ConcurrentHashMap<>();

	private final Map<CostTags, Counter> cost = new ConcurrentHashMap<>();

	private final Map<ModelTags, Counter> saved = new ConcurrentHashMap<>();

	private final Map<CallTags, Counter> calls = new ConcurrentHashMap<>();

	private final Map<ModelTags, Timer> callTimes = new ConcurrentHashMap<>();

	CallMeters(MeterRegistry registry, ObjectProvider<Gateways> gateways) {
		this.registry = registry;
		this.gateways = gateways;
	}

	@Override
	public void on(CallEvent event) {
		GatewayMeters gateway = this.byGateway.computeIfAbsent(event.gateway(), this::gatewayMeters);
		switch (event) {
			case CallEvent.Started started -> {
				// the gateway's meters exist from its first call on
			}
			case CallEvent.Ended ended -> {
				this.calls.computeIfAbsent(new CallTags(ended.gateway(), ended.model(), ended.outcome()), this::calls)
					.increment();
				this.callTimes.computeIfAbsent(new ModelTags(ended.gateway(), ended.model()), this::callTime)
					.record(ended.duration());
			}
			case CallEvent.CostRecorded recorded -> {
				if (recorded.usd() != null) {
					this.cost
						.computeIfAbsent(new CostTags(recorded.gateway(), recorded.model(), recorded.size(),
								recorded.quality(), recorded.mode()), this::cost)
						.increment(recorded.usd().doubleValue());
					if (recorded.mode() == CallMode.BATCH) {
						this.saved.computeIfAbsent(new ModelTags(recorded.gateway(), recorded.model()), this::saved)
							.increment(PriceTable.savedByBatch(recorded.usd()).doubleValue());
					}
				}
			}
			case CallEvent.ImageStored stored -> {
				this.images
					.computeIfAbsent(new ImageTags(stored.gateway(), stored.model(), stored.size(), stored.quality()),
							(tags) -> tags.counter(MeterNames.IMAGES, this.registry))
					.increment();
				if (stored.sinceAnswer() != null) {
					gateway.storeTime().record(stored.sinceAnswer());
				}
			}
			case CallEvent.RateLimitWaited waited -> gateway.waitedAfter429(waited.waited());
		}
	}

	private GatewayMeters gatewayMeters(String gateway) {
		return GatewayMeters.register(gateway, traffic(gateway), this.registry);
	}

	/** The gateway's traffic control; a name no gateway has gets no traffic meters. */
	private @Nullable TrafficControl traffic(String gateway) {
		Gateways configured = this.gateways.getIfAvailable();
		if (configured == null || !configured.names().contains(gateway)) {
			return null;
		}
		return configured.get(gateway).traffic();
	}

	private Counter cost(CostTags tags) {
		return Counter.builder(MeterNames.COST)
			.description("USD spent, as the cost ledger records it")
			.tag(MeterNames.GATEWAY, tags.gateway())
			.tag(MeterNames.MODEL, tags.model())
			.tag(MeterNames.SIZE, tags.size())
			.tag(MeterNames.QUALITY, tags.quality())
			.tag(MeterNames.MODE, tags.mode().id())
			.register(this.registry);
	}

	private Counter saved(ModelTags tags) {
		return Counter.builder(MeterNames.BATCH_SAVED)
			.description("USD calls in provider batches cost less than synchronous calls would have")
			.tag(MeterNames.GATEWAY, tags.gateway())
			.tag(MeterNames.MODEL, tags.model())
			.register(this.registry);
	}

	private Counter calls(CallTags tags) {
		return Counter.builder(MeterNames.CALLS)
			.description("Gateway calls (each attempt) by how they ended")
			.tag(MeterNames.GATEWAY, tags.gateway())
			.tag(MeterNames.MODEL, tags.model())
			.tag(MeterNames.OUTCOME, outcome(tags.outcome()))
			.register(this.registry);
	}

	private Timer callTime(ModelTags tags) {
		return Timer.builder(MeterNames.CALL_TIME)
			.description("How long gateways took to answer, rate-limit waits left out")
			.tag(MeterNames.GATEWAY, tags.gateway())
			.tag(MeterNames.MODEL, tags.model())
			.minimumExpectedValue(SHORTEST_CALL)
			.maximumExpectedValue(LONGEST_CALL)
			.register(this.registry);
	}

	/** The tag value of an outcome: {@code succeeded}, {@code rate_limited}… */
	static String outcome(CallOutcome outcome) {
		return outcome.name().toLowerCase(Locale.ROOT);
	}

	private record ImageTags(String gateway, String model, String size, String quality) {

		Counter counter(String name, MeterRegistry registry) {
			return Counter.builder(name)
				.tag(MeterNames.GATEWAY, this.gateway)
				.tag(MeterNames.MODEL, this.model)
				.tag(MeterNames.SIZE, this.size)
				.tag(MeterNames.QUALITY, this.quality)
				.register(registry);
		}

	}

	private record CostTags(String gateway, String model, String size, String quality, CallMode mode) {

	}

	private record CallTags(String gateway, String model, CallOutcome outcome) {

	}

	private record ModelTags(String gateway, String model) {

	}

}
