package io.imagebatch.dashboard;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.imagebatch.dashboard.ScheduleRow.NextFire;
import org.jspecify.annotations.Nullable;

/**
 * When a cron expression being typed would fire in a zone, or why it cannot: what the
 * schedule form shows beside its cron and zone.
 *
 * @param times the next fire times, none when the cron is empty or wrong
 * @param field the field at fault, {@code cron} or {@code zone}, if one is
 * @param problem what is wrong with it
 */
record FireTimesPreview(List<NextFire> times, @Nullable String field, @Nullable String problem) {

	/**
	 * Zones offered as the user types one; any other region id is taken too. A list of
	 * all of Java's 600 would weigh more than the rest of the page.
	 */
	static final List<String> COMMON_ZONES = List.of("UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
			"Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "Europe/Madrid", "Europe/Rome", "Europe/Zurich",
			"Europe/Vienna", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul",
			"Europe/Moscow", "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Asia/Dubai", "Asia/Kolkata",
			"Asia/Singapore", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney",
			"Australia/Perth", "Pacific/Auckland", "America/New_York", "America/Chicago", "America/Denver",
			"America/Los_Angeles", "America/Toronto", "America/Mexico_City", "America/Sao_Paulo",
			"America/Argentina/Buenos_Aires");

	static FireTimesPreview empty() {
		return new FireTimesPreview(List.of(), null, null);
	}

	static FireTimesPreview of(List<Instant> times, ZoneId zone, Instant now) {
		return new FireTimesPreview(NextFire.of(times, zone, now), null, null);
	}

	static FireTimesPreview refused(String field, String problem) {
		return new FireTimesPreview(List.of(), field, problem);
	}

	/**
	 * The problem with a field, or {@code null} when it is not the one at fault (public:
	 * templates call it).
	 */
	public @Nullable String problemOf(String field) {
		return field.equals(this.field) ? this.problem : null;
	}

}
