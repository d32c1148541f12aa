package io.imagebatch.dashboard;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTests {

	@Test
	void exactDollarsKeepEveryRecordedPlaceAndAtLeastCents() {
		assertThat(Formats.usdExact(new BigDecimal("1.181475"))).isEqualTo("$1.181475");
		assertThat(Formats.usdExact(new BigDecimal("0.040000"))).isEqualTo("$0.04");
		assertThat(Formats.usdExact(new BigDecimal("12.000000"))).isEqualTo("$12.00");
		assertThat(Formats.usdExact(new BigDecimal("100"))).isEqualTo("$100.00");
		assertThat(Formats.usdExact(BigDecimal.ZERO)).isEqualTo("$0.00");
		assertThat(Formats.usdExact(null)).isEqualTo("–");
	}

	@Test
	void longTextIsCutWithAnEllipsisAndNeverInsideACharacter() {
		assertThat(Formats.bounded("  short  ", 10)).isEqualTo("short");
		assertThat(Formats.bounded("abcdefghij", 10)).isEqualTo("abcdefghij");
		assertThat(Formats.bounded("abcdefghijk", 10)).isEqualTo("abcdefghij…");
		assertThat(Formats.bounded("abc😀def", 4)).isEqualTo("abc…");
		assertThat(Formats.bounded(null, 4)).isEmpty();
	}

}
