package io.imagebatch.gateway;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

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

	private static HttpHeaders headers(Map<String, String> values) {
		Map<String, List<String>> map = new java.util.HashMap<>();
		values.forEach((name, value) -> map.put(name, List.of(value)));
		return HttpHeaders.of(map, (name, value) -> true);
	}

}
