package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.imagebatch.cost.Cost;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard writes numbers, money, times and durations: short, and the same on
 * every page. Times are UTC, as the API and the logs give them.
 */
final class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** A schedule's times: in its own zone, with the zone's abbreviation. */
	private static final DateTimeFormatter ZONED_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z",
			Locale.ENGLISH);

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

	/** {@code Fri 2026-12-04 02:30 CET}: a time as the clocks of a zone showed it. */
	static String time(Instant instant, ZoneId zone) {
		return ZONED_TIME.format(instant.atZone(zone));
	}

	/** {@code in 5 h 12 min} or {@code 2 d 3 h ago}: how far a time is from now. */
	static String fromNow(Instant instant, Instant now) {
		Duration between = Duration.between(now, instant);
		if (between.abs().toSeconds() < 60) {
			return between.isNegative() ? "just now" : "in under a minute";
		}
		String span = span(between.abs());
		return between.isNegative() ? span + " ago" : "in " + span;
	}

	/** {@code 2 d 3 h}, {@code 5 h 12 min}, {@code 12 min}: two units at most. */
	private static String span(Duration duration) {
		long minutes = duration.toMinutes();
		if (minutes >= 24 * 60) {
			long hours = (minutes / 60) % 24;
			return (minutes / (24 * 60)) + " d" + ((hours > 0) ? " " + hours + " h" : "");
		}
		if (minutes >= 60) {
			return (minutes / 60) + " h" + ((minutes % 60 > 0) ? " " + (minutes % 60) + " min" : "");
		}
		return minutes + " min";
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
