package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

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

	@Test
	void aScheduleTimeIsWrittenInItsZoneWithTheZonesAbbreviation() {
		Instant winter = Instant.parse("2026-12-04T01:30:00Z");
		Instant summer = Instant.parse("2026-07-04T00:30:00Z");

		assertThat(Formats.time(winter, ZoneId.of("Europe/Berlin"))).isEqualTo("Fri 2026-12-04 02:30 CET");
		assertThat(Formats.time(summer, ZoneId.of("Europe/Berlin"))).isEqualTo("Sat 2026-07-04 02:30 CEST");
		assertThat(Formats.time(winter, ZoneId.of("UTC"))).isEqualTo("Fri 2026-12-04 01:30 UTC");
	}

	@Test
	void howFarATimeIsFromNowIsWrittenInTwoUnitsAtMost() {
		Instant now = Instant.parse("2026-12-03T17:00:00Z");

		assertThat(Formats.fromNow(now.plus(Duration.ofMinutes(312)), now)).isEqualTo("in 5 h 12 min");
		assertThat(Formats.fromNow(now.plus(Duration.ofHours(2)), now)).isEqualTo("in 2 h");
		assertThat(Formats.fromNow(now.plus(Duration.ofMinutes(51 * 60 + 59)), now)).isEqualTo("in 2 d 3 h");
		assertThat(Formats.fromNow(now.plus(Duration.ofSeconds(125)), now)).isEqualTo("in 2 min");
		assertThat(Formats.fromNow(now.plusSeconds(20), now)).isEqualTo("in under a minute");
		assertThat(Formats.fromNow(now.minus(Duration.ofMinutes(90)), now)).isEqualTo("1 h 30 min ago");
		assertThat(Formats.fromNow(now.minusSeconds(5), now)).isEqualTo("just now");
	}

}
