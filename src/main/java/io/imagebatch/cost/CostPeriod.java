package io.imagebatch.cost;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Days from one to another, both included, as a time zone counts them: the range a
 * spending report covers.
 *
 * @param from the first day
 * @param to the last day
 * @param zone the zone the days are counted in
 */
public record CostPeriod(LocalDate from, LocalDate to, ZoneId zone) {

	/**
	 * A range longer than this is refused: the answer would be long and the query slow.
	 */
	public static final int MAX_DAYS = 3660;

	/**
	 * @throws CostPeriodRefused when {@code to} is before {@code from} or the range is
	 * longer than {@link #MAX_DAYS}
	 */
	public CostPeriod {
		if (to.isBefore(from)) {
			throw new CostPeriodRefused("to", "'to' (" + to + ") is before 'from' (" + from + ")");
		}
		if (from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new CostPeriodRefused("to", "a range is at most " + MAX_DAYS + " days");
		}
	}

	/**
	 * The period with its zone given by name.
	 * @throws CostPeriodRefused when the zone is not one, or the days are not a range
	 */
	public static CostPeriod of(LocalDate from, LocalDate to, String zone) {
		return new CostPeriod(from, to, zone(zone));
	}

	/**
	 * A time zone by name, such as {@code Europe/Berlin} or {@code UTC}.
	 * @throws CostPeriodRefused when there is no such zone
	 */
	public static ZoneId zone(String name) {
		try {
			return ZoneId.of(name);
		}
		catch (DateTimeException ex) {
			throw new CostPeriodRefused("zone",
					"'" + name + "' is not a time zone; use a name such as Europe/Berlin or UTC");
		}
	}

	/** The period's first instant. */
	public Instant start() {
		return this.from.atStartOfDay(this.zone).toInstant();
	}

	/** The instant after the period: the start of the day after its last. */
	public Instant end() {
		return this.to.plusDays(1).atStartOfDay(this.zone).toInstant();
	}

}
