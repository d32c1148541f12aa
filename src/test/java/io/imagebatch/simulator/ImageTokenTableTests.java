package io.imagebatch.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTokenTableTests {

	@ParameterizedTest
	@CsvSource({ "1024x1024, low, 272", "1024x1024, medium, 1056", "1024x1024, high, 4160", "1024x1536, low, 408",
			"1024x1536, medium, 1584", "1024x1536, high, 6240", "1536x1024, low, 400", "1536x1024, medium, 1568",
			"1536x1024, high, 6208" })
	void outputTokensFollowOpenAisTable(String size, String quality, long tokens) {
		assertThat(ImageTokenTable.outputTokensPerImage(size, quality)).isEqualTo(tokens);
	}

	@Test
	void autoMeansSquareAndMedium() {
		assertThat(ImageTokenTable.outputTokensPerImage("auto", "auto")).isEqualTo(1056);
		assertThat(ImageTokenTable.outputTokensPerImage(null, null)).isEqualTo(1056);
	}

	@Test
	void inputTextTokensRoundUpAQuarterOfTheCharacters() {
		assertThat(ImageTokenTable.inputTextTokens("abcd")).isEqualTo(1);
		assertThat(ImageTokenTable.inputTextTokens("abcde")).isEqualTo(2);
		assertThat(ImageTokenTable.inputTextTokens("")).isZero();
	}

}
