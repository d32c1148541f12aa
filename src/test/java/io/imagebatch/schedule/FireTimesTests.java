package io.imagebatch.schedule;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fire times are wall-clock times of the schedule's zone, also on the days the clocks
 * change.
 */
class FireTimesTests {

	private final FireTimes nightly = FireTimes.of("0 30 2 * * *", "Europe/Berlin");

	@Test
	void aTimeTheClocksSkipFiresOnceAnHourLater() {
		// 2026-03-29: Berlin's clocks jump from 02:00 to 03:00; 02:30 does not exist
		List<Instant> times = this.nightly.next(Instant.parse("2026-03-28T12:00:00Z"), 3);
		assertThat(times).containsExactly(Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"),
				Instant.parse("2026-03-31T00:30:00Z"));
	}

	@Test
	void aTimeTheClocksRepeatFiresOnceAtItsFirstOccurrence() {
		// 2026-10-25: Berlin's clocks go back from 03:00 to 02:00; 02:30 happens twice
		List<Instant> times = this.nightly.next(Instant.parse("2026-10-24T12:00:00Z"), 3);
		assertThat(times).containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"),
				Instant.parse("2026-10-27T01:30:00Z"));
		// asked from within the repeated hour, the second 02:30 is not a fire time either
		assertThat(this.nightly.next(Instant.parse("2026-10-25T01:00:00Z")))
			.isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
	}

	@Test
	void anHourlyScheduleFiresOnceForEachWallClockHourOnTheChangeDays() {
		FireTimes hourly = FireTimes.of("0 0 * * * *", "Europe/Berlin");
		assertThat(hourly.next(Instant.parse("2026-03-29T00:30:00Z"), 2))
			// 01:00 CET, then 03:00 CEST: the skipped 02:00 and the real 03:00 are one
			// firing
			.containsExactly(Instant.parse("2026-03-29T00:00:00Z").plusSeconds(3600),
					Instant.parse("2026-03-29T02:00:00Z"));
		assertThat(hourly.next(Instant.parse("2026-10-24T23:30:00Z"), 3)).containsExactly(
				Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"),
				Instant.parse("2026-10-25T03:00:00Z"));
	}

	@Test
	void fiveFieldsFireAtSecondZeroAndMacrosAreUnderstood() {
		Instant after = Instant.parse("2026-12-03T10:15:30Z");
		assertThat(FireTimes.of("30 2 * * *", "UTC").next(after)).isEqualTo(Instant.parse("2026-12-04T02:30:00Z"));
		assertThat(FireTimes.of("@daily", "UTC").next(after)).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
		assertThat(FireTimes.of("  */5 * * * * *  ", "UTC").next(after))
			.isEqualTo(Instant.parse("2026-12-03T10:15:35Z"));
	}

	@Test
	void aWrongCronIsRefusedNamingTheFieldAndTheFormsThatWork() {
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> FireTimes.of("61 * * * *", "UTC"))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo("cron"))
			.withMessageContaining("'61 * * * *' is not a cron expression: Invalid value for MinuteOfHour")
			.withMessageNotContaining("0 61")
			.withMessageContaining("5 fields");
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> FireTimes.of("every night", "UTC"))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo("cron"));
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> FireTimes.of(" ", "UTC"))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo("cron"))
			.withMessageContaining("required");
	}

	@Test
	void aWrongZoneIsRefusedNamingTheField() {
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> FireTimes.of("@daily", "Europe/Berlln"))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo("zone"))
			.withMessageContaining("'Europe/Berlln' is not a time zone");
	}

	@Test
	void controlCharactersOfAWrongValueAreNotRepeated() {
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> FireTimes.of("@daily", "Mars\u001b[31m"))
			.withMessageNotContaining("\u001b")
			.withMessageContaining("Mars?[31m");
	}

}
