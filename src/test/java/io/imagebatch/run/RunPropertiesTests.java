package io.imagebatch.run;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunPropertiesTests {

	@Test
	void retriesTransientFailuresForFiveMinutesAndWaitsForRateLimitsForTenByDefault() {
		// when
		RunProperties properties = bind(Map.of());

		// then
		assertThat(properties.retryBudget()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.maxRateLimitWait()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.attemptLimit()).isNull();
		assertThat(properties.maxAttempts()).as("download attempts").isEqualTo(4);
	}

	@Test
	void bindsMaxAttemptsAsTheOptionalLimitOnCallsAndDownloads() {
		// when
		RunProperties properties = bind(Map.of("imagebatch.run.max-attempts", "3", "imagebatch.run.retry-budget", "90s",
				"imagebatch.run.max-rate-limit-wait", "2m"));

		// then
		assertThat(properties.attemptLimit()).isEqualTo(3);
		assertThat(properties.maxAttempts()).isEqualTo(3);
		assertThat(properties.retryBudget()).isEqualTo(Duration.ofSeconds(90));
		assertThat(properties.maxRateLimitWait()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void refusesABackoffThatCouldNeverGrow() {
		// when / then
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.run.initial-backoff", "0s")))
			.havingRootCause()
			.withMessageContaining("imagebatch.run.initial-backoff must be positive");
	}

	@Test
	void refusesALongestBackoffShorterThanTheFirst() {
		// when / then
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.run.initial-backoff", "5s", "imagebatch.run.max-backoff", "1s")))
			.havingRootCause()
			.withMessageContaining("max-backoff (PT1S) must not be shorter than initial-backoff (PT5S)");
	}

	@Test
	void refusesNoAttemptsAtAll() {
		// when / then
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.run.max-attempts", "0")))
			.havingRootCause()
			.withMessageContaining("max-attempts must be at least 1 when set");
	}

	private static RunProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("imagebatch.run",
				RunProperties.class);
	}

}
