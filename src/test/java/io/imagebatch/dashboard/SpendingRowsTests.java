package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.DailySpend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class SpendingRowsTests {

	private final CostPeriod period = new CostPeriod(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3),
			ZoneOffset.UTC);

	private final List<DailySpend> days = List.of(new DailySpend(LocalDate.of(2026, 12, 1), 2, usd("0.030000"), 0),
			new DailySpend(LocalDate.of(2026, 12, 3), 3, usd("0.090000"), 1));

	private final List<CostLine> lines = List.of(
			new CostLine("dall-e-3", "1024x1024", "standard", 2, usd("0.080000"), 0),
			new CostLine("dall-e-2", "256x256", "standard", 3, usd("0.040000"), 1));

	@Test
	void rowsCarryTheApisFiguresAndTheirShareOfTheTotal() {
		// when
		SpendingRows rows = SpendingRows.of(this.period, this.days, this.lines);

		// then
		assertThat(rows.total().usdPlain()).isEqualTo("0.120000");
		assertThat(rows.total().usd()).isEqualTo("$0.12");
		assertThat(rows.total().images()).isEqualTo(5);
		assertThat(rows.total().unpricedImages()).isEqualTo(1);
		assertThat(rows.days()).extracting(SpendingRows.Row::label).containsExactly("2026-12-01", "2026-12-03");
		assertThat(rows.days()).extracting(SpendingRows.Row::share).containsExactly("25.0", "75.0");
		assertThat(rows.models()).extracting(SpendingRows.Row::rank).containsExactly(1, 2);
		assertThat(rows.models()).extracting(SpendingRows.Row::label)
			.containsExactly("dall-e-3 · 1024x1024 · standard", "dall-e-2 · 256x256 · standard");
		assertThat(rows.models()).extracting(SpendingRows.Row::usdPlain).containsExactly("0.080000", "0.040000");
	}

	@Test
	void theDayChartHasEveryDayOfThePeriodThoseWithoutSpendingAtZero() {
		// when
		Map<String, Object> chart = SpendingRows.of(this.period, this.days, this.lines).byDayChart();

		// then
		assertThat(chart).containsEntry("time", true).containsEntry("bars", true);
		assertThat((List<Object>) chart.get("x")).containsExactly(1796126400L, 1796212800L, 1796299200L);
		assertThat(chart.get("series")).asString().contains("values=[0.03, 0.0, 0.09]");
	}

	@Test
	void theModelChartNumbersItsBarsAsTheTableDoes() {
		Map<String, Object> chart = SpendingRows.of(this.period, this.days, this.lines).byModelChart();

		assertThat((List<Object>) chart.get("ticks")).containsExactly("1", "2");
		assertThat((List<Object>) chart.get("labels")).containsExactly("dall-e-3 · 1024x1024 · standard",
				"dall-e-2 · 256x256 · standard");
	}

	@Test
	void nothingSpentIsAZeroTotalWithEmptyTables() {
		SpendingRows rows = SpendingRows.of(this.period, List.of(), List.of());

		assertThat(rows.total().usdPlain()).isEqualTo("0.000000");
		assertThat(rows.days()).isEmpty();
		assertThat(rows.models()).isEmpty();
		assertThat((List<?>) rows.byDayChart().get("x")).hasSize(3);
	}

	private static BigDecimal usd(String amount) {
		return new BigDecimal(amount);
	}

}
