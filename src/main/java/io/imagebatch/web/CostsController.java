package io.imagebatch.web;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.DailySpend;
import io.imagebatch.run.RunReportJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spending over every run in a date range, by day or by model, size and quality.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "costs", description = "Spending over a date range")
class CostsController {

	/**
	 * A range longer than this is refused: the answer would be long and the query slow.
	 */
	private static final int MAX_DAYS = 3660;

	private final CostLedger ledger;

	CostsController(CostLedger ledger) {
		this.ledger = ledger;
	}

	@Operation(summary = "Spending from one day to another (both included)",
			description = "groupBy=day gives one line per day in the zone; groupBy=model one per model, size and quality.")
	@GetMapping("/api/costs")
	Spending costs(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "day") GroupBy groupBy, @RequestParam(defaultValue = "UTC") String zone) {
		ZoneId zoneId;
		try {
			zoneId = ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new FieldProblem("zone",
					"'" + zone + "' is not a time zone; use a name such as Europe/Berlin or UTC");
		}
		if (to.isBefore(from)) {
			throw new FieldProblem("to", "'to' (" + to + ") is before 'from' (" + from + ")");
		}
		if (from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new FieldProblem("to", "a range is at most " + MAX_DAYS + " days");
		}
		Instant start = from.atStartOfDay(zoneId).toInstant();
		Instant end = to.plusDays(1).atStartOfDay(zoneId).toInstant();
		return switch (groupBy) {
			case day -> {
				List<DailySpend> days = this.ledger.byDay(start, end, zoneId);
				yield new Spending(from, to, zoneId.getId(), groupBy.name(),
						total(days.stream().map(DailySpend::usd).toList()),
						days.stream().mapToLong(DailySpend::unpricedImages).sum(),
						days.stream().map(DayLine::of).toList(), null);
			}
			case model -> {
				List<CostLine> lines = this.ledger.byModel(start, end);
				yield new Spending(from, to, zoneId.getId(), groupBy.name(),
						total(lines.stream().map(CostLine::usd).toList()),
						lines.stream().mapToLong(CostLine::unpricedImages).sum(), null,
						lines.stream().map(RunReportJson.ModelCost::of).toList());
			}
		};
	}

	private static String total(List<BigDecimal> amounts) {
		return Cost.format(amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
	}

	/** How spending is grouped. */
	enum GroupBy {

		day, model

	}

	/**
	 * Spending over a range.
	 *
	 * @param from the first day
	 * @param to the last day
	 * @param zone the zone days are counted in
	 * @param groupBy {@code day} or {@code model}
	 * @param totalUsd the known cost over the range
	 * @param unpricedImages images whose price is unknown
	 * @param days spending by day, for {@code groupBy=day}
	 * @param models spending by model, size and quality, for {@code groupBy=model}
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Spending(LocalDate from, LocalDate to, String zone, String groupBy, String totalUsd, long unpricedImages,
			@Nullable List<DayLine> days, @Nullable List<RunReportJson.ModelCost> models) {
	}

	/**
	 * One day's spending.
	 *
	 * @param day the day
	 * @param images images generated
	 * @param costUsd their known cost
	 * @param unpricedImages images whose price is unknown
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DayLine(LocalDate day, long images, String costUsd, long unpricedImages) {

		static DayLine of(DailySpend spend) {
			return new DayLine(spend.day(), spend.images(), Cost.format(spend.usd()), spend.unpricedImages());
		}

	}

}
