package io.imagebatch.gateway;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpImageGatewayTests {

	@Test
	void readsMillisecondsFromRetryAfterMs() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("retry-after-ms", "1500")));

		// then
		assertThat(wait).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void prefersRetryAfterMsToRetryAfter() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("retry-after-ms", "1500", "Retry-After", "3")));

		// then
		assertThat(wait).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void readsSecondsFromRetryAfter() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("Retry-After", "3")));

		// then
		assertThat(wait).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void fallsBackToRetryAfterWhenRetryAfterMsIsNotANumber() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("retry-after-ms", "soon", "Retry-After", "3")));

		// then
		assertThat(wait).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void waitsUntilAnHttpDateInTheFuture() {
		// given
		String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1));

		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("Retry-After", inAMinute)));

		// then
		assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void doesNotWaitForAnHttpDateInThePast() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));

		// then
		assertThat(wait).isZero();
	}

	@Test
	void ignoresARetryAfterItCannotRead() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("Retry-After", "whenever you like")));

		// then
		assertThat(wait).isNull();
	}

	@Test
	void saysNothingWhenTheGatewaySaidNothing() {
		// when
		Duration wait = HttpImageGateway.retryAfter(headers(Map.of("Content-Type", "application/json")));

		// then
		assertThat(wait).isNull();
	}

	/** Header look-up by name, case-insensitive like HTTP's. */
	private static Function<String, Optional<String>> headers(Map<String, String> values) {
		return (name) -> values.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst();
	}

}
