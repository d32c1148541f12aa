package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.imagebatch.cost.CostLine;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Page;
import io.imagebatch.run.RunTimeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's views of module data: what the templates print is worked out here.
 */
class DashboardViewsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void moneyKeepsTheCentsASmallAmountNeeds() {
		assertThat(Formats.usd(new BigDecimal("1.125500"))).isEqualTo("$1.1255");
		assertThat(Formats.usd(new BigDecimal("2.000000"))).isEqualTo("$2.00");
		assertThat(Formats.usd(new BigDecimal("0.016000"))).isEqualTo("$0.016");
		assertThat(Formats.usd(null)).isEqualTo("–");
	}

	@Test
	void durationsAreShort() {
		assertThat(Formats.duration(Duration.ofSeconds(42))).isEqualTo("42s");
		assertThat(Formats.duration(Duration.ofSeconds(250))).isEqualTo("4m 10s");
		assertThat(Formats.duration(Duration.ofMinutes(65))).isEqualTo("1h 05m");
	}

	@Test
	void aProgressBarsSegmentsAddUpAndItsLabelSaysTheSame() {
		ProgressBar bar = ProgressBar.of(new ItemCounts(19, 1, 3, 0, 2));

		assertThat(bar.succeeded()).isEqualTo("12.0");
		assertThat(bar.pending()).isEqualTo("76.0");
		assertThat(bar.done()).isEqualTo("20.0");
		assertThat(bar.label()).isEqualTo("3 of 25 succeeded, 0 failed, 2 invalid, 1 in flight, 19 pending");
	}

	@Test
	void aPagerLinksItsNeighboursKeepingTheFilters() {
		Page<String> middle = new Page<>(List.of("a", "b"), 1, 2, 6);

		PageLinks links = PageLinks.of(middle, UriComponentsBuilder.fromPath("/").queryParam("q", "a b&c"));

		assertThat(links.from()).isEqualTo(3);
		assertThat(links.to()).isEqualTo(4);
		assertThat(links.previous()).isEqualTo("/?q=a%20b%26c&page=0");
		assertThat(links.next()).isEqualTo("/?q=a%20b%26c&page=2");
		assertThat(PageLinks.of(new Page<>(List.of("e", "f"), 2, 2, 6), UriComponentsBuilder.fromPath("/")).next())
			.isNull();
	}

	@Test
	void theCostChartAddsUpEachModelAndTheTableSharesAreAgainstTheLargestRow() {
		CostTable table = CostTable.of(List.of(line("dall-e-3", "hd", "0.400000"),
				line("dall-e-2", "standard", "0.100000"), line("dall-e-3", "standard", "0.200000")),
				new BigDecimal("0.700000"), 0);

		JsonNode chart = JSON.readTree(table.chart().json());

		assertThat(table.rows()).extracting(CostTable.Row::share).containsExactly("100.0", "25.0", "50.0");
		assertThat(table.total()).isEqualTo("$0.70");
		assertThat(chart.get("labels").toString()).isEqualTo("[\"dall-e-2\",\"dall-e-3\"]");
		assertThat(chart.get("series").get(0).get("values").get(1).decimalValue())
			.isEqualByComparingTo(new BigDecimal("0.6"));
	}

	@Test
	void aTimelineIsChartedPerMinuteOfItsBuckets() {
		Instant start = Instant.parse("2026-12-03T10:00:00Z");
		RunTimeline timeline = new RunTimeline("run", Duration.ofSeconds(30),
				List.of(new RunTimeline.Point(start, 10, 1, 4, 2, 1500),
						new RunTimeline.Point(start.plusSeconds(30), 5, 0, 3, 0, 0)));

		TimelineCharts charts = TimelineCharts.of(timeline);

		assertThat(charts.throughput().x()).isEqualTo(List.of(start.getEpochSecond(), start.getEpochSecond() + 30));
		assertThat(charts.throughput().series().get(0).values()).isEqualTo(List.of(20.0, 10.0));
		assertThat(charts.throughput().series().get(1).values()).isEqualTo(List.of(2.0, 0.0));
		assertThat(charts.traffic().series().get(2).values()).isEqualTo(List.of(1.5, 0.0));
		assertThat(charts.bucket()).isEqualTo("30s");
	}

	private static CostLine line(String model, String quality, String usd) {
		return new CostLine(model, "1024x1024", quality, 1, new BigDecimal(usd), 0);
	}

}
