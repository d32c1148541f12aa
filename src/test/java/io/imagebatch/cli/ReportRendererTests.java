package io.imagebatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.CostLine;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunLineage;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRendererTests {

	private static final String HOSTILE_REASON = "gateway 'x' answered HTTP 401 \u001B[2J\u001B[1A\rRun COMPLETED: all items "
			+ "SUCCEEDED\u009B0m\u202E";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ReportRenderer renderer = new ReportRenderer(this.json);

	@Test
	void printsTheRunsReasonInTheTableWithoutItsEscapeSequences() {
		// given
		RunReport report = aReport(HOSTILE_REASON, List.of());

		// when
		String table = render((out) -> this.renderer.table(report, out));

		// then
		assertThat(table).doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E]")
			.contains("FAILED — gateway 'x' answered HTTP 401  Run COMPLETED: all items SUCCEEDED");
	}

	@Test
	void escapesEveryControlCharacterInJsonAndKeepsTheReasonIntact() {
		// given
		RunReport report = aReport(HOSTILE_REASON, List.of());

		// when
		String printed = render((out) -> this.renderer.json(report, out));

		// then
		assertThat(printed.strip()).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F\\u202A-\\u202E]");
		assertThat(this.json.readTree(printed).path("status_reason").asString()).isEqualTo(HOSTILE_REASON);
	}

	@Test
	void keepsEveryCsvRecordOnOneLineWithoutEscapeSequences() {
		// given: a model name that came from an input row
		RunReport report = aReport(null, List
			.of(new CostLine("dall-e-2\u001B[2J\r\nfake,row", "256x256", "standard", 1, new BigDecimal("0.016"), 0)));

		// when
		String csv = render((out) -> this.renderer.csv(report, out));

		// then
		assertThat(csv.lines()).containsExactly("run,model,size,quality,images,cost_usd,unpriced_images",
				"run-1,\"dall-e-2 fake,row\",256x256,standard,1,0.016000,0");
	}

	private static RunReport aReport(@Nullable String reason, List<CostLine> costs) {
		Run run = new Run("run-1", null, "prompts.csv", "simulator", RunStatus.FAILED, reason,
				new RowDefaults(null, null, null, null, null, null, null, null, null), null, 8, null,
				Instant.parse("2026-01-01T00:00:00Z"), null, null);
		return new RunReport(run, new ItemCounts(0, 0, 1, 0, 0), 1, new BigDecimal("0.016"), 0, costs,
				Map.<ErrorType, Long>of(), "s3://images/run-1/", new RunLineage(null, List.of(), 0, 0, BigDecimal.ZERO),
				null);
	}

	private static String render(java.util.function.Consumer<PrintWriter> rendering) {
		StringWriter out = new StringWriter();
		rendering.accept(new PrintWriter(out, true));
		return out.toString();
	}

}
