package io.imagebatch.web;

import java.time.LocalDate;
import java.util.List;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostGrouping;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.DailySpend;
import io.imagebatch.cost.SpendingTotal;
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

	private final CostLedger ledger;

	CostsController(CostLedger ledger) {
		this.ledger = ledger;
	}

	@Operation(summary = "Spending from one day to another (both included)",
			description = "groupBy=day gives one line per day in the zone; groupBy=model one per model, size and quality.")
	@GetMapping("/api/costs")
	Spending costs(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "day") CostGrouping groupBy, @RequestParam(defaultValue = "UTC") String zone) {
		CostPeriod period = CostPeriod.of(from, to, zone);
		return switch (groupBy) {
			case day -> {
				List<DailySpend> days = this.ledger.byDay(period);
				SpendingTotal total = SpendingTotal.ofDays(days);
				yield new Spending(from, to, period.zone().getId(), groupBy.name(), Cost.format(total.usd()),
						total.unpricedImages(), days.stream().map(DayLine::of).toList(), null,
						Cost.format(total.savedUsd()));
			}
			case model -> {
				List<CostLine> lines = this.ledger.byModel(period);
				SpendingTotal total = SpendingTotal.ofLines(lines);
				yield new Spending(from, to, period.zone().getId(), groupBy.name(), Cost.format(total.usd()),
						total.unpricedImages(), null, lines.stream().map(RunReportJson.ModelCost::of).toList(),
						Cost.format(total.savedUsd()));
			}
		};
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
	 * @param models spending by model, size, quality and mode ({@code sync} or
	 * {@code batch}), for {@code groupBy=model}
	 * @param savedUsd what the calls made in provider batches cost less than synchronous
	 * calls would have
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Spending(LocalDate from, LocalDate to, String zone, String groupBy, String totalUsd, long unpricedImages,
			@Nullable List<DayLine> days, @Nullable List<RunReportJson.ModelCost> models, String savedUsd) {
	}

	/**
	 * One day's spending.
	 *
	 * @param day the day
	 * @param images images generated
	 * @param costUsd their known cost
	 * @param unpricedImages images whose price is unknown
	 * @param savedUsd what that day's calls in provider batches cost less than
	 * synchronous calls would have
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DayLine(LocalDate day, long images, String costUsd, long unpricedImages, String savedUsd) {

		static DayLine of(DailySpend spend) {
			return new DayLine(spend.day(), spend.images(), Cost.format(spend.usd()), spend.unpricedImages(),
					Cost.format(spend.savedUsd()));
		}

	}

}
