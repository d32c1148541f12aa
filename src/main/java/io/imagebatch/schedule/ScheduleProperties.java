package io.imagebatch.schedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code serve} fires schedules.
 *
 * @param enabled whether this process fires schedules at all (a replica may leave it to
 * the others; firing stays exactly-once either way)
 * @param pollInterval how often due schedules are looked for: a firing is late by at most
 * this much
 * @param misfireAfter a firing found due later than this after its time was missed (no
 * process ran, or all were busy): the schedule's {@code misfire} policy decides
 */
@ConfigurationProperties("imagebatch.schedules")
public record ScheduleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("1m") Duration misfireAfter) {

	private static final String PREFIX = "imagebatch.schedules.";

	public ScheduleProperties {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException(PREFIX + "poll-interval must be positive, got " + pollInterval);
		}
		if (misfireAfter.compareTo(pollInterval) <= 0) {
			throw new IllegalArgumentException(
					PREFIX + "misfire-after (" + misfireAfter + ") must be longer than poll-interval (" + pollInterval
							+ "), or firings found on the next poll would count as missed");
		}
	}

}
