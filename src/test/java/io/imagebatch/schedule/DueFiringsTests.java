package io.imagebatch.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which fire times are due, on time or missed, when a process looks.
 */
class DueFiringsTests {

	private static final Duration MISFIRE_AFTER = Duration.ofMinutes(1);

	private final FireTimes everyMinute = FireTimes.of("0 * * * * *", "UTC");

	@Test
	void aFireTimeJustPassedIsOnTimeAndTheNextComesAfterNow() {
		DueFirings due = DueFirings.at(Instant.parse("2026-12-03T10:00:02Z"), Instant.parse("2026-12-03T10:00:00Z"),
				this.everyMinute, MISFIRE_AFTER);
		assertThat(due.onTime()).containsExactly(Instant.parse("2026-12-03T10:00:00Z"));
		assertThat(due.missed()).isZero();
		assertThat(due.next()).isEqualTo(Instant.parse("2026-12-03T10:01:00Z"));
	}

	@Test
	void nothingIsDueBeforeTheNextFireTime() {
		DueFirings due = DueFirings.at(Instant.parse("2026-12-03T09:59:59Z"), Instant.parse("2026-12-03T10:00:00Z"),
				this.everyMinute, MISFIRE_AFTER);
		assertThat(due.onTime()).isEmpty();
		assertThat(due.missed()).isZero();
		assertThat(due.next()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
	}

	@Test
	void fireTimesOlderThanTheThresholdAreMissedAndCounted() {
		// no process ran from 10:00 until 11:00:30
		DueFirings due = DueFirings.at(Instant.parse("2026-12-03T11:00:30Z"), Instant.parse("2026-12-03T10:00:00Z"),
				this.everyMinute, MISFIRE_AFTER);
		assertThat(due.missed()).isEqualTo(60);
		assertThat(due.firstMissed()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
		assertThat(due.lastMissed()).isEqualTo(Instant.parse("2026-12-03T10:59:00Z"));
		assertThat(due.onTime()).containsExactly(Instant.parse("2026-12-03T11:00:00Z"));
		assertThat(due.next()).isEqualTo(Instant.parse("2026-12-03T11:01:00Z"));
		assertThat(due.missedStretch())
			.isEqualTo("60 firings from 2026-12-03T10:00:00Z to 2026-12-03T10:59:00Z were missed");
	}

	@Test
	void aLongOutageOfAFrequentScheduleStopsCountingAndFindsTheLastMissedTime() {
		FireTimes everySecond = FireTimes.of("* * * * * *", "UTC");
		Instant now = Instant.parse("2026-12-03T12:00:00.500Z");
		DueFirings due = DueFirings.at(now, Instant.parse("2026-12-01T00:00:00Z"), everySecond, MISFIRE_AFTER);
		assertThat(due.countStopped()).isTrue();
		assertThat(due.missed()).isEqualTo(DueFirings.MOST_COUNTED);
		// missed until a minute before now (11:59:00.5), on time since
		assertThat(due.lastMissed()).isEqualTo(Instant.parse("2026-12-03T11:59:00Z"));
		assertThat(due.onTime()).hasSize(60).first().isEqualTo(Instant.parse("2026-12-03T11:59:01Z"));
		assertThat(due.next()).isEqualTo(Instant.parse("2026-12-03T12:00:01Z"));
		assertThat(due.missedStretch()).startsWith("more than 10,000 firings from 2026-12-01T00:00:00Z");
	}

}
