package io.imagebatch.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a cron expression fires in a time zone. Spring's {@link CronExpression} parses and
 * matches the fields (6 fields with seconds; 5-field expressions get second 0; macros
 * such as {@code @daily}), but its own {@code next} skips a time that falls in the hour
 * clocks skip in spring, and fires twice at a time in the hour they repeat in autumn. A
 * nightly job must do neither, so fire times here are wall-clock times: a time the clocks
 * skip fires once, at the same distance after the change (02:30 becomes 03:30 summer
 * time); a time they repeat fires once, at its first occurrence. The price: a schedule
 * every few minutes does not fire in the repeated hour.
 */
public final class FireTimes {

	private final CronExpression cron;

	private final ZoneId zone;

	private FireTimes(CronExpression cron, ZoneId zone) {
		this.cron = cron;
		this.zone = zone;
	}

	/**
	 * Parses a cron expression and a time zone.
	 * @throws ScheduleRefused naming {@code cron} or {@code zone} when either is wrong
	 */
	public static FireTimes of(String cron, String zone) {
		return new FireTimes(parseCron(cron), parseZone(zone));
	}

	static CronExpression parseCron(@Nullable String cron) {
		if (cron == null || cron.isBlank()) {
			throw new ScheduleRefused("cron",
					"a cron expression is required, e.g. \"0 30 2 * * *\" (02:30:00 every day) or @daily");
		}
		String trimmed = cron.trim();
		// the usual five fields (minute hour day month weekday) fire at second 0
		String fields = (trimmed.split("\\s+").length == 5) ? "0 " + trimmed : trimmed;
		try {
			return CronExpression.parse(fields);
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleRefused("cron",
					"'" + ScheduleRefused.shown(cron) + "' is not a cron expression: " + ScheduleRefused.shown(why(ex))
							+ ". Expected 5 fields (minute hour day month weekday), 6 fields "
							+ "(second first) or a macro such as @daily, @hourly, @weekly, @monthly");
		}
	}

	/**
	 * Spring's reason without the expression it quotes, which for five fields is not what
	 * the user typed.
	 */
	private static String why(IllegalArgumentException ex) {
		String message = String.valueOf(ex.getMessage());
		int quoted = message.indexOf(" in cron expression");
		return (quoted > 0) ? message.substring(0, quoted) : message;
	}

	static ZoneId parseZone(@Nullable String zone) {
		if (zone == null || zone.isBlank()) {
			throw new ScheduleRefused("zone", "a time zone is required, e.g. Europe/Berlin or UTC");
		}
		try {
			return ZoneId.of(zone.trim());
		}
		catch (DateTimeException ex) {
			throw new ScheduleRefused("zone", "'" + ScheduleRefused.shown(zone)
					+ "' is not a time zone: use a region id such as Europe/Berlin, America/New_York or UTC");
		}
	}

	/** The zone the cron's fields are read in. */
	public ZoneId zone() {
		return this.zone;
	}

	/**
	 * The first fire time strictly after an instant.
	 * @return the fire time, or {@code null} when the expression never fires again
	 */
	public @Nullable Instant next(Instant after) {
		// the cron is matched against wall-clock times, as if the zone had no daylight
		// saving
		LocalDateTime wall = after.atZone(this.zone).toLocalDateTime();
		while (true) {
			ZonedDateTime matched = this.cron.next(wall.atZone(ZoneOffset.UTC));
			if (matched == null) {
				return null;
			}
			wall = matched.toLocalDateTime();
			// a skipped wall time moves forward by the gap; a repeated one takes the
			// first offset
			Instant fire = ZonedDateTime.ofLocal(wall, this.zone, null).toInstant();
			if (fire.isAfter(after)) {
				return fire;
			}
		}
	}

	/**
	 * The next fire times strictly after an instant, at most {@code count} of them.
	 */
	public List<Instant> next(Instant after, int count) {
		List<Instant> times = new ArrayList<>(count);
		Instant from = after;
		while (times.size() < count) {
			Instant next = next(from);
			if (next == null) {
				break;
			}
			times.add(next);
			from = next;
		}
		return times;
	}

}
