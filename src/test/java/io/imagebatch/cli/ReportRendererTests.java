package io.imagebatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.cost.CostLine;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunLineage;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
		assertThat(csv.lines()).containsExactly("run,model,size,quality,images,cost_usd,unpriced_images,mode,saved_usd",
				"run-1,\"dall-e-2 fake,row\",256x256,standard,1,0.016000,0,sync,0.000000");
	}

	@Test
	void quotesACsvFieldWithACommaAndAQuoteSoThatAParserReadsItBack() throws IOException {
		// given: a comma, a quote and a line break in a value from an input row
		String model = "dall-e-2, \"hd\"\nsecond line";
		RunReport report = aReport(null,
				List.of(new CostLine(model, "256x256", "standard", 2, new BigDecimal("0.032"), 1)));

		// when
		String csv = render((out) -> this.renderer.csv(report, out));

		// then: one record of the header's seven fields; the comma and the quotes come
		// back as they were, the line break as a space because every record keeps to one
		// line
		List<CSVRecord> records = CSVFormat.RFC4180.builder()
			.setHeader()
			.get()
			.parse(new StringReader(csv))
			.getRecords();
		assertThat(records).singleElement().satisfies((record) -> {
			assertThat(record.toMap()).containsExactly(entry("run", "run-1"),
					entry("model", "dall-e-2, \"hd\" second line"), entry("size", "256x256"),
					entry("quality", "standard"), entry("images", "2"), entry("cost_usd", "0.032000"),
					entry("unpriced_images", "1"), entry("mode", "sync"), entry("saved_usd", "0.000000"));
		});
	}

	@Test
	void writesTheJsonShapeOfTheDesignWithMoneyAsDecimalStrings() {
		// given
		Run resubmission = aRun("run-2", RunStatus.COMPLETED, null, "run-1");
		RunReport report = new RunReport(aRun("run-1", RunStatus.COMPLETED, null, null), new ItemCounts(1, 2, 3, 4, 5),
				3, new BigDecimal("0.1"), 1,
				List.of(new CostLine("dall-e-3", "1024x1024", "hd", 3, new BigDecimal("0.12"), 1)),
				Map.of(ErrorType.REJECTED, 4L), "s3://images/run-1/",
				new RunLineage(null, List.of(new RunLineage.Resubmitted(resubmission, new ItemCounts(0, 0, 1, 0, 0),
						new BigDecimal("0.04"))), 1, 0, new BigDecimal("0.04")),
				null);

		// when
		JsonNode json = this.json.readTree(render((out) -> this.renderer.json(report, out)));

		// then
		assertThat(json.propertyNames()).containsExactly("run", "status", "items", "images", "cost_usd",
				"unpriced_images", "cost_by_model", "failures_by_type", "images_location", "lineage", "mode",
				"saved_usd");
		assertThat(json.path("items").toString())
			.isEqualTo("{\"total\":15,\"succeeded\":3,\"failed\":4,\"invalid\":5,\"pending\":3}");
		assertThat(json.path("cost_usd").isString()).isTrue();
		assertThat(json.path("cost_usd").asString()).isEqualTo("0.100000");
		assertThat(json.path("cost_by_model").toString()).isEqualTo("[{\"model\":\"dall-e-3\",\"size\":\"1024x1024\","
				+ "\"quality\":\"hd\",\"images\":3,\"cost_usd\":\"0.120000\",\"unpriced_images\":1,"
				+ "\"mode\":\"sync\",\"saved_usd\":\"0.000000\"}]");
		assertThat(json.path("failures_by_type").toString()).isEqualTo("{\"REJECTED\":4}");
		assertThat(json.path("lineage").toString())
			.isEqualTo("{\"resubmits\":null,\"items_retried\":1,\"items_retried_more_than_once\":0,"
					+ "\"retry_cost_usd\":\"0.040000\",\"resubmissions\":[{\"run\":\"run-2\",\"retries\":\"run-1\","
					+ "\"status\":\"COMPLETED\",\"items\":1,\"succeeded\":1,\"failed\":0,\"invalid\":0,"
					+ "\"cost_usd\":\"0.040000\"}]}");
	}

	@Test
	void namesTheReasonAndTheManifestInJsonOnlyWhenThereAreSome() {
		// given
		RunReport report = new RunReport(aRun("run-1", RunStatus.FAILED, "budget reached", null),
				new ItemCounts(0, 0, 0, 0, 0), 0, BigDecimal.ZERO, 0, List.of(), Map.of(), "s3://images/run-1/",
				new RunLineage(null, List.of(), 0, 0, BigDecimal.ZERO), "s3://images/run-1/manifest.jsonl");

		// when
		JsonNode json = this.json.readTree(render((out) -> this.renderer.json(report, out)));

		// then
		assertThat(json.path("status_reason").asString()).isEqualTo("budget reached");
		assertThat(json.path("manifest").asString()).isEqualTo("s3://images/run-1/manifest.jsonl");
	}

	@Test
	void showsABatchRunsModeAndWhatItSavedWithAModeColumnWhereBatchCallsAppear() {
		// given: a batch-mode run that paid 0.04 for dall-e-3 in a provider's batch, and
		// 0.08 for a synchronous line
		Run run = new Run("run-1", null, "prompts.csv", "simulator", RunStatus.COMPLETED, null, RowDefaults.NONE, null,
				8, null, Instant.parse("2026-01-01T00:00:00Z"), null, null, false, 0, null, null, CallMode.BATCH);
		List<CostLine> lines = List.of(
				new CostLine("dall-e-3", "1024x1024", "standard", 2, new BigDecimal("0.080000"), 0, CallMode.SYNC,
						new BigDecimal("0.000000")),
				new CostLine("dall-e-3", "1024x1024", "standard", 1, new BigDecimal("0.040000"), 0, CallMode.BATCH,
						new BigDecimal("0.040000")));
		RunReport report = new RunReport(run, new ItemCounts(0, 0, 3, 0, 0), 3, new BigDecimal("0.12"), 0, lines,
				Map.of(), "s3://images/run-1/", new RunLineage(null, List.of(), 0, 0, BigDecimal.ZERO), null);

		// when
		String table = render((out) -> this.renderer.table(report, out));
		JsonNode json = this.json.readTree(render((out) -> this.renderer.json(report, out)));

		// then
		assertThat(table).contains("Mode: batch (the provider's Batch API, at half price) · $0.040000 saved")
			.containsPattern("MODEL +SIZE +QUALITY +MODE +IMAGES +COST USD +SAVED USD")
			.containsPattern("dall-e-3 +1024x1024 +standard +batch +1 +0.040000 +0.040000")
			.containsPattern("TOTAL +3 +0.120000 +0.040000");
		assertThat(json.path("mode").asString()).isEqualTo("batch");
		assertThat(json.path("saved_usd").asString()).isEqualTo("0.040000");
		assertThat(json.path("cost_by_model").get(1).path("mode").asString()).isEqualTo("batch");
	}

	@Test
	void keepsASynchronousRunsCostTableWithoutAModeColumn() {
		// given
		RunReport report = aReport(null,
				List.of(new CostLine("dall-e-2", "256x256", "standard", 1, new BigDecimal("0.016"), 0)));

		// when
		String table = render((out) -> this.renderer.table(report, out));

		// then
		assertThat(table).contains("Mode: sync").containsPattern("MODEL +SIZE +QUALITY +IMAGES +COST USD\\R");
	}

	private static RunReport aReport(@Nullable String reason, List<CostLine> costs) {
		Run run = aRun("run-1", RunStatus.FAILED, reason, null);
		return new RunReport(run, new ItemCounts(0, 0, 1, 0, 0), 1, new BigDecimal("0.016"), 0, costs,
				Map.<ErrorType, Long>of(), "s3://images/run-1/", new RunLineage(null, List.of(), 0, 0, BigDecimal.ZERO),
				null);
	}

	private static Run aRun(String id, RunStatus status, @Nullable String reason, @Nullable String parentRunId) {
		return new Run(id, null, "prompts.csv", "simulator", status, reason,
				new RowDefaults(null, null, null, null, null, null, null, null, null), null, 8, parentRunId,
				Instant.parse("2026-01-01T00:00:00Z"), null, null, false, 0, null, null, CallMode.SYNC);
	}

	private static String render(java.util.function.Consumer<PrintWriter> rendering) {
		StringWriter out = new StringWriter();
		rendering.accept(new PrintWriter(out, true));
		return out.toString();
	}

}
