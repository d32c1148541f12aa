package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * How much a schedule's runs may still spend under its caps per day and per month, both
 * in the schedule's time zone. What its active runs may still spend of their budgets
 * counts as spent, so that runs queued behind each other cannot together pass a cap.
 */
@Component
class SpendCaps {

	private final ScheduleSpending spending;

	SpendCaps(ScheduleSpending spending) {
		this.spending = spending;
	}

	/**
	 * What is left under the tighter of the schedule's caps at an instant.
	 * @return the room left, or empty when the schedule has no cap
	 */
	Optional<Room> room(Schedule schedule, Instant at) {
		ScheduleSpec spec = schedule.spec();
		if (spec.dailyCapUsd() == null && spec.monthlyCapUsd() == null) {
			return Optional.empty();
		}
		ZoneId zone = schedule.fireTimes().zone();
		LocalDate day = at.atZone(zone).toLocalDate();
		BigDecimal held = this.spending.held(schedule.id());
		Room daily = room(schedule, spec.dailyCapUsd(), "daily", day.toString(), day, day.plusDays(1), zone, held);
		Room monthly = room(schedule, spec.monthlyCapUsd(), "monthly", day.toString().substring(0, 7),
				day.withDayOfMonth(1), day.withDayOfMonth(1).plusMonths(1), zone, held);
		if (daily == null) {
			return Optional.ofNullable(monthly);
		}
		return Optional.of((monthly != null && monthly.left().compareTo(daily.left()) < 0) ? monthly : daily);
	}

	/**
	 * What a schedule's runs spent in the day and the month of an instant, in its zone.
	 */
	Spent spent(Schedule schedule, Instant at) {
		ZoneId zone = schedule.fireTimes().zone();
		LocalDate day = at.atZone(zone).toLocalDate();
		LocalDate month = day.withDayOfMonth(1);
		return new Spent(spent(schedule, day, day.plusDays(1), zone),
				spent(schedule, month, month.plusMonths(1), zone));
	}

	private @Nullable Room room(Schedule schedule, @Nullable BigDecimal cap, String kind, String period, LocalDate from,
			LocalDate to, ZoneId zone, BigDecimal held) {
		if (cap == null) {
			return null;
		}
		BigDecimal spent = spent(schedule, from, to, zone);
		BigDecimal left = cap.subtract(spent).subtract(held).max(BigDecimal.ZERO);
		String explained = "the %s cap of %s (%s, %s): %s spent, %s held by active runs, %s left".formatted(kind,
				usd(cap), period, zone, usd(spent), usd(held), usd(left));
		return new Room(left, kind, explained);
	}

	private BigDecimal spent(Schedule schedule, LocalDate from, LocalDate to, ZoneId zone) {
		return this.spending.spent(schedule.id(), from.atStartOfDay(zone).toInstant(),
				to.atStartOfDay(zone).toInstant());
	}

	/** An amount of USD as messages show it: cents at least, down to a millionth. */
	static String usd(BigDecimal amount) {
		BigDecimal shown = amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
		return "$" + ((shown.scale() < 2) ? shown.setScale(2) : shown).toPlainString();
	}

	/**
	 * Room under a cap.
	 *
	 * @param left what may still be spent
	 * @param kind {@code daily} or {@code monthly}
	 * @param explained the cap, the period, what was spent and held, in words
	 */
	record Room(BigDecimal left, String kind, String explained) {

	}

	/**
	 * What a schedule's runs spent.
	 *
	 * @param today in the day of its zone
	 * @param thisMonth in the month of its zone
	 */
	record Spent(BigDecimal today, BigDecimal thisMonth) {

	}

}
