package io.imagebatch.cost;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CostPeriodTests {

	@Test
	void aPeriodRunsFromTheStartOfItsFirstDayToTheStartOfTheDayAfterItsLastInItsZone() {
		CostPeriod period = CostPeriod.of(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3), "Europe/Berlin");

		assertThat(period.start()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
		assertThat(period.end()).isEqualTo(Instant.parse("2026-12-03T23:00:00Z"));
	}

	@Test
	void daysThatAreNotAPeriodNameWhatIsWrong() {
		LocalDate day = LocalDate.of(2026, 1, 1);
		assertThatExceptionOfType(CostPeriodRefused.class).isThrownBy(() -> CostPeriod.of(day, day, "Mars/Base"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("zone"));
		assertThatExceptionOfType(CostPeriodRefused.class).isThrownBy(() -> CostPeriod.of(day, day.minusDays(1), "UTC"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("to"));
		assertThatExceptionOfType(CostPeriodRefused.class)
			.isThrownBy(() -> CostPeriod.of(day, day.plusDays(CostPeriod.MAX_DAYS + 1), "UTC"))
			.withMessageContaining("at most");
		assertThat(CostPeriod.of(day, day.plusDays(CostPeriod.MAX_DAYS), "UTC").to())
			.isEqualTo(day.plusDays(CostPeriod.MAX_DAYS));
	}

}
