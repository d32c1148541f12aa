package io.imagebatch.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

import io.imagebatch.gateway.Gateways;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.CallEvent;
import io.imagebatch.run.CallOutcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Call events become meters with the names and tags of DESIGN §2.7, as Prometheus shows
 * them.
 */
class CallMetersTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	/** No gateways: the meters of the gateways' traffic controls are not made. */
	private final CallMeters meters = new CallMeters(this.registry,
			new StaticListableBeanFactory().getBeanProvider(Gateways.class));

	@Test
	void costIsCountedToTheMicroDollarByModelSizeAndQuality() {
		// when
		this.meters.on(new CallEvent.CostRecorded("g", "dall-e-3", "1024x1024", "hd", new BigDecimal("0.080000")));
		this.meters.on(new CallEvent.CostRecorded("g", "dall-e-3", "1024x1024", "hd", new BigDecimal("0.040001")));
		this.meters.on(new CallEvent.CostRecorded("g", "unpriced", "-", "-", null));

		// then
		assertThat(this.registry.get(MeterNames.COST).tags("model", "dall-e-3", "size", "1024x1024").counter().count())
			.isCloseTo(0.120001, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(this.registry.find(MeterNames.COST).tag("model", "unpriced").counter()).isNull();
		assertThat(this.registry.scrape())
			.contains("imagebatch_cost_usd_total{gateway=\"g\",mode=\"sync\",model=\"dall-e-3\",quality=\"hd\","
					+ "size=\"1024x1024\"}");
	}

	@Test
	void batchCostIsCountedUnderItsModeWithWhatItSaved() {
		// when: a call in a provider's batch at half of 0.08, and a synchronous one
		this.meters.on(new CallEvent.CostRecorded("g", "dall-e-3", "1024x1024", "hd", new BigDecimal("0.040000"),
				CallMode.BATCH));
		this.meters.on(new CallEvent.CostRecorded("g", "dall-e-3", "1024x1024", "hd", new BigDecimal("0.080000")));

		// then
		assertThat(this.registry.get(MeterNames.COST).tags("mode", "batch").counter().count()).isCloseTo(0.04,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(this.registry.get(MeterNames.COST).tags("mode", "sync").counter().count()).isCloseTo(0.08,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(this.registry.get(MeterNames.BATCH_SAVED).tags("model", "dall-e-3").counter().count())
			.isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(this.registry.scrape())
			.contains("imagebatch_batch_saved_usd_total{gateway=\"g\",model=\"dall-e-3\"}");
	}

	@ParameterizedTest
	@EnumSource(CallOutcome.class)
	void callsAreCountedByALowercaseOutcome(CallOutcome outcome) {
		// when
		this.meters.on(new CallEvent.Ended("g", "dall-e-2", outcome, Duration.ofMillis(1500)));

		// then
		String tag = outcome.name().toLowerCase(java.util.Locale.ROOT);
		assertThat(this.registry.get(MeterNames.CALLS).tag("outcome", tag).counter().count()).isEqualTo(1);
		assertThat(this.registry.scrape()).contains(
				"imagebatch_calls_total{gateway=\"g\",model=\"dall-e-2\",outcome=\"" + tag + "\"} 1.0",
				"imagebatch_call_seconds_sum{gateway=\"g\",model=\"dall-e-2\"} 1.5");
	}

	@Test
	void imagesStoredAreCountedAndTimedFromTheAnswer() {
		// when
		this.meters.on(new CallEvent.ImageStored("g", "dall-e-2", "256x256", "-", Duration.ofMillis(250)));
		this.meters.on(new CallEvent.ImageStored("g", "dall-e-2", "256x256", "-", null));

		// then
		assertThat(this.registry.get(MeterNames.IMAGES).counter().count()).isEqualTo(2);
		assertThat(this.registry.get(MeterNames.STORE_TIME).timer().count()).as("recovered images are not timed")
			.isEqualTo(1);
		assertThat(this.registry.scrape()).containsPattern(Pattern.compile("(?m)^imagebatch_images_total\\{"))
			.containsPattern(Pattern.compile("(?m)^imagebatch_store_seconds_count\\{gateway=\"g\"} 1"));
	}

	@Test
	void waitsAfter429sAddToTheRateLimitWait() {
		// when
		this.meters.on(new CallEvent.RateLimitWaited("g", Duration.ofMillis(1500)));
		this.meters.on(new CallEvent.RateLimitWaited("g", Duration.ofMillis(500)));

		// then
		assertThat(this.registry.get(MeterNames.RATE_LIMIT_WAIT).functionCounter().count()).isEqualTo(2.0);
		assertThat(this.registry.scrape()).contains("imagebatch_rate_limit_wait_seconds_total{gateway=\"g\"} 2.0");
	}

}
