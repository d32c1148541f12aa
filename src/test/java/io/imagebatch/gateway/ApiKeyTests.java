package io.imagebatch.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTests {

	private static final String KEY = "sk-proj-Zx81QmT4bL0wYv7N9f2c";

	@Test
	void masksTheKeyButKeepsItRecognisable() {
		// when
		String masked = new ApiKey(KEY).masked();

		// then
		assertThat(masked).isEqualTo("sk-…9f2c");
	}

	@Test
	void neverPrintsTheKey() {
		// given
		ApiKey key = new ApiKey(KEY);

		// when
		String printed = key + " " + java.util.List.of(key);

		// then
		assertThat(printed).doesNotContain(KEY).doesNotContain("Zx81QmT4bL0wYv7N");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "k", "sk-1234", "sk-12345678" })
	void masksAShortKeyCompletely(String value) {
		// when
		ApiKey key = new ApiKey(value);

		// then
		assertThat(key.masked()).isEqualTo("****");
		assertThat(key.toString()).isEqualTo("****");
	}

}
