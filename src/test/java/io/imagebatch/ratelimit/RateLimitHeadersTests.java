package io.imagebatch.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	@ParameterizedTest
	@CsvSource({ "20ms,20", "1s,1000", "6m0s,360000", "1m30s,90000", "1h2m3.5s,3723500", "2,2000", "0.5,500" })
	void readsOpenAiResetDurations(String text, long millis) {
		assertThat(RateLimitHeaders.duration(text)).isEqualTo(Duration.ofMillis(millis));
	}

	@ParameterizedTest
	@CsvSource({ "soon", "1x", "s", "1s2" })
	void refusesWhatIsNotADuration(String text) {
		assertThat(RateLimitHeaders.duration(text)).isNull();
	}

	@Test
	void readsBothWindowsAndToleratesMissingOrBrokenHeaders() {
		// given
		Map<String, String> headers = Map.of("x-ratelimit-limit-requests", "120", "x-ratelimit-remaining-requests", "0",
				"x-ratelimit-reset-requests", "1s", "x-ratelimit-remaining-images", "many");

		// when
		RateLimitHeaders parsed = RateLimitHeaders.from((name) -> Optional.ofNullable(headers.get(name)));

		// then
		assertThat(parsed.requests().limit()).isEqualTo(120);
		assertThat(parsed.requests().exhausted()).isTrue();
		assertThat(parsed.requests().reset()).isEqualTo(Duration.ofSeconds(1));
		assertThat(parsed.images().remaining()).isNull();
		assertThat(parsed.images().exhausted()).isFalse();
	}

}
