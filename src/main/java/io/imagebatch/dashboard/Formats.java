package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.imagebatch.cost.Cost;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard writes numbers, money, times and durations: short, and the same on
 * every page. Times are UTC, as the API and the logs give them.
 */
final class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Formats() {
	}

	/** Dollars with two places, more when a cent would round a small amount away. */
	static String usd(@Nullable BigDecimal usd) {
		if (usd == null) {
			return "–";
		}
		BigDecimal stripped = usd.stripTrailingZeros();
		int scale = Math.min(Math.max(stripped.scale(), 2), 4);
		return "$" + usd.setScale(scale, RoundingMode.HALF_UP).toPlainString();
	}

	/**
	 * Dollars to the last cent's fraction recorded (up to the ledger's six places), at
	 * least two places: a figure that adds up exactly to what the API answers.
	 */
	static String usdExact(@Nullable BigDecimal usd) {
		if (usd == null) {
			return "–";
		}
		BigDecimal stripped = usd.setScale(Cost.SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
		return "$" + stripped.setScale(Math.max(stripped.scale(), 2), RoundingMode.UNNECESSARY).toPlainString();
	}

	/**
	 * At most {@code max} characters of an untrusted text, marked with an ellipsis when
	 * cut (never inside a character): a prompt or a gateway's message of any length keeps
	 * a table readable.
	 */
	static String bounded(@Nullable String text, int max) {
		if (text == null) {
			return "";
		}
		String flat = text.strip();
		if (flat.length() <= max) {
			return flat;
		}
		int end = Character.isHighSurrogate(flat.charAt(max - 1)) ? max - 1 : max;
		return flat.substring(0, end) + "…";
	}

	static String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : "–";
	}

	/** {@code 1h 05m}, {@code 4m 10s}, {@code 12s}. */
	static String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "–";
		}
		long seconds = Math.max(duration.toSeconds(), 0);
		if (seconds >= 3600) {
			return "%dh %02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
		}
		if (seconds >= 60) {
			return "%dm %02ds".formatted(seconds / 60, seconds % 60);
		}
		return seconds + "s";
	}

	/** A share in percent with one place, for widths of bar segments. */
	static String percent(long part, long whole) {
		if (whole <= 0) {
			return "0";
		}
		return BigDecimal.valueOf(part * 100.0 / whole).setScale(1, RoundingMode.HALF_UP).toPlainString();
	}

	static String rate(@Nullable Double perMinute) {
		if (perMinute == null) {
			return "–";
		}
		return BigDecimal.valueOf(perMinute).setScale((perMinute < 10) ? 1 : 0, RoundingMode.HALF_UP).toPlainString()
				+ "/min";
	}

}
