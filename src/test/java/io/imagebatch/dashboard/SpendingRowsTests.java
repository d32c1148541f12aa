package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.DailySpend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(rows.days()).extracting(SpendingRows.Day::day).containsExactly("2026-12-01", "2026-12-03");
		assertThat(rows.days()).extracting(SpendingRows.Day::share).containsExactly("25.0", "75.0");
		assertThat(rows.days()).extracting(SpendingRows.Day::usdPlain).containsExactly("0.030000", "0.090000");
		assertThat(rows.models().rows()).extracting(CostTable.Row::model).containsExactly("dall-e-3", "dall-e-2");
		assertThat(rows.models().rows()).extracting(CostTable.Row::usdPlain).containsExactly("0.080000", "0.040000");
	}

	@Test
	void theDayChartHasEveryDayOfThePeriodThoseWithoutSpendingAtZero() {
		// when
		ChartSpec chart = SpendingRows.of(this.period, this.days, this.lines).byDayChart();

		// then
		assertThat(chart.time()).isTrue();
		assertThat(chart.bars()).isTrue();
		assertThat(List.<Object>copyOf(chart.x())).containsExactly(1796126400L, 1796212800L, 1796299200L);
		assertThat(chart.series()).singleElement()
			.satisfies((series) -> assertThat(List.<Object>copyOf(series.values())).containsExactly(usd("0.030000"),
					BigDecimal.ZERO, usd("0.090000")));
	}

	@Test
	void nothingSpentIsAZeroTotalWithEmptyTables() {
		SpendingRows rows = SpendingRows.of(this.period, List.of(), List.of());

		assertThat(rows.total().usdPlain()).isEqualTo("0.000000");
		assertThat(rows.days()).isEmpty();
		assertThat(rows.models().rows()).isEmpty();
		assertThat(rows.byDayChart().x()).hasSize(3);
	}

	private static BigDecimal usd(String amount) {
		return new BigDecimal(amount);
	}

}
