package io.imagebatch.dashboard;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * What a schedule's runs spent in a period against its cap for that period, as a meter.
 *
 * @param period {@code today} or {@code this month}
 * @param spent what was spent
 * @param cap the cap, {@code null} without one
 * @param percent the share of the cap spent, at most 100 (the meter's value)
 * @param over whether spending reached the cap
 * @param label the same in words, for screen readers
 */
record CapMeter(String period, String spent, @Nullable String cap, String percent, boolean over, String label) {

	static CapMeter of(String period, BigDecimal spent, @Nullable BigDecimal cap) {
		if (cap == null || cap.signum() <= 0) {
			return new CapMeter(period, Formats.usd(spent), null, "0", false,
					Formats.usd(spent) + " spent " + period + ", no cap");
		}
		long spentMicros = spent.movePointRight(6).longValue();
		long capMicros = cap.movePointRight(6).longValue();
		return new CapMeter(period, Formats.usd(spent), Formats.usd(cap),
				Formats.percent(Math.min(spentMicros, capMicros), capMicros), spentMicros >= capMicros,
				"%s of %s spent %s (%s%% of the cap)".formatted(Formats.usd(spent), Formats.usd(cap), period,
						Formats.percent(spentMicros, capMicros)));
	}

}
