package io.imagebatch.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code estimate} through the command-line entry point: the tables, the JSON and the
 * exit codes, with real PostgreSQL and S3; the gateway is configured but never called.
 */
class EstimateCommandIntegrationTests {

	private static final String BUCKET = "estimate-command-tests";

	private static final String MONEY = "\\d+\\.\\d{6}";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		this.bed.gateway("test", (settings) -> settings);
		this.bed.property("imagebatch.gateways.test.requests-per-minute", "50");
		this.bed.property("imagebatch.gateways.test.images-per-minute", "100");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void printsTheCostTableThenInvalidAndUnpricedRowsAndTheTimeAndExitsTwo() {
		// given: an invalid row whose id holds an escape sequence, and a model without a
		// price
		Path csv = this.bed.csv("""
				id,prompt,model,size,quality,n
				mugs,A red mug,dall-e-2,256x256,,2
				hill,A green hill,dall-e-3,1024x1024,hd,1
				"bad\u001b[2J",A cat,dall-e-3,1024x1024,,1
				two,Two lighthouses,dall-e-3,1024x1024,,2
				flux,A flux image,flux-pro,1024x1024,,1
				""");
		long runsBefore = this.bed.runCount();

		// when
		CliInvocation estimate = this.bed.cli("estimate", csv.toString());

		// then
		assertThat(estimate.exitCode()).as(estimate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(estimate.out()).contains("5 rows · 3 valid · 2 invalid · 4 images")
			.containsPattern("MODEL +SIZE +QUALITY +ROWS +IMAGES +UNIT +SYNC USD +BATCH USD")
			.containsPattern("dall-e-3 +1024x1024 +hd +1 +1 +0\\.080000 +0\\.080000 +0\\.040000")
			.containsPattern("dall-e-2 +256x256 +standard +1 +2 +0\\.016000 +0\\.032000 +0\\.016000")
			.containsPattern("TOTAL +2 +3 +0\\.112000 +0\\.056000")
			.contains("1 rows (1 images) have no known price and are not in the totals")
			.containsPattern("flux-pro +1024x1024 +- +1 +1")
			.contains("2 rows are INVALID and would make no call")
			.containsPattern("LINE +ID +REASON")
			.containsPattern("5 +two +n must be 1 for dall-e-3")
			.contains("Gateway 'test' at 50 requests/min and 100 images/min: under a minute (3 requests, 4 images)")
			.doesNotContain("\u001b");
		// nothing created: no run, not even the bucket images would go to
		assertThat(this.bed.runCount()).isEqualTo(runsBefore);
		assertThat(this.bed.s3().listBuckets().buckets()).noneMatch((bucket) -> bucket.name().equals(BUCKET));
	}

	@Test
	void printsOneJsonObjectWithMoneyAsSixPlaceStringsAndExitsZeroWhenEveryRowIsValidAndPriced() {
		// given: 120 calls for 240 images at 50 requests a minute
		Path csv = this.bed.rows(120, "dall-e-2", "256x256", "url");

		// when
		CliInvocation estimate = this.bed.cli("estimate", csv.toString(), "--n", "2", "--format", "json");

		// then
		assertThat(estimate.exitCode()).as(estimate.toString()).isEqualTo(Cli.OK);
		JsonNode root = this.json.readTree(estimate.out());
		assertThat(root.path("rows").path("total").asLong()).isEqualTo(120);
		assertThat(root.path("rows").path("invalid").asLong()).isZero();
		assertThat(root.path("images").asLong()).isEqualTo(240);
		assertThat(root.path("basis").asString()).isEqualTo("catalog");
		assertThat(root.path("sync_usd").isString()).isTrue();
		assertThat(root.path("sync_usd").asString()).matches(MONEY).isEqualTo("3.840000");
		assertThat(root.path("batch_usd").asString()).isEqualTo("1.920000");
		JsonNode line = root.path("cost_by_model").get(0);
		assertThat(line.path("unit_usd").asString()).isEqualTo("0.016000");
		assertThat(line.path("priced_by_usage").asBoolean()).isFalse();
		assertThat(root.path("unpriced").isEmpty()).isTrue();
		assertThat(root.path("invalid_rows").isEmpty()).isTrue();
		JsonNode time = root.path("time").get(0);
		assertThat(time.path("gateway").asString()).isEqualTo("test");
		assertThat(time.path("requests_per_minute").asInt()).isEqualTo(50);
		assertThat(time.path("seconds").asLong()).isEqualTo(144);
		assertThat(new BigDecimal(root.path("sync_usd").asString()))
			.isEqualByComparingTo(new BigDecimal(root.path("batch_usd").asString()).multiply(BigDecimal.TWO));
	}

	@Test
	void skipDoneTakesNoValue() {
		// when
		CliInvocation valued = CliInvocation.run(Map.of(), "estimate", "rows.csv", "--skip-done=maybe");

		// then
		assertThat(valued.exitCode()).as(valued.toString()).isEqualTo(Cli.USAGE);
		assertThat(valued.err()).contains("--skip-done");
	}

	@Test
	void unusableInputAndAnUnknownGatewayAreUsageErrors() {
		// given
		Path csv = this.bed.csv("prompt\nA lighthouse\n");

		// when
		CliInvocation missing = this.bed.cli("estimate", this.temp.resolve("missing.csv").toString());
		CliInvocation unknownGateway = this.bed.cli("estimate", csv.toString(), "--gateway", "nowhere");

		// then
		assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(Cli.USAGE);
		assertThat(missing.err()).contains("missing.csv").doesNotContain("Exception");
		assertThat(unknownGateway.exitCode()).as(unknownGateway.toString()).isEqualTo(Cli.USAGE);
		assertThat(unknownGateway.err()).contains("unknown gateway 'nowhere'");
	}

	@Test
	void itsUsageSaysWhatEachExitCodeMeans() {
		// when: no input
		CliInvocation usage = CliInvocation.run(Map.of(), "estimate");

		// then
		assertThat(usage.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(usage.err()).contains("creates no run")
			.contains("Exit codes:")
			.containsPattern("2 +some rows are INVALID or have no known price");
	}

}
