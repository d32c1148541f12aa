package io.imagebatch.cli;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * How the {@code schedule} commands write a schedule's times and money: times in the
 * schedule's own zone, by the zone's name for that time ({@code 2026-12-04 02:30 CET}),
 * with seconds only when a cron fires on them; money as the other commands write it.
 */
final class ScheduleText {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

	private ScheduleText() {
	}

	/** A time in a schedule's zone: {@code 2026-12-04 02:30 CET}. */
	static String time(OffsetDateTime time, String zone) {
		ZonedDateTime zoned = inZone(time, zone);
		return ((zoned.getSecond() != 0) ? SECONDS : MINUTES).format(zoned);
	}

	/**
	 * A time in a schedule's zone with its offset: {@code 2026-12-04 02:30 CET (+01:00)}.
	 */
	static String timeWithOffset(OffsetDateTime time, String zone) {
		return time(time, zone) + " (" + OFFSET.format(inZone(time, zone)) + ")";
	}

	/** Money spent, against a cap if there is one: {@code 1.250000 / 40.000000}. */
	static String spent(String spentUsd, @Nullable String capUsd) {
		return (capUsd != null) ? spentUsd + " / " + capUsd : spentUsd;
	}

	// a time read back from JSON may carry another offset than its zone's
	private static ZonedDateTime inZone(OffsetDateTime time, String zone) {
		return time.atZoneSameInstant(ZoneId.of(zone));
	}

}
