package io.imagebatch.estimate;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.cli.Cli;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostKey;
import io.imagebatch.input.InputException;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The estimate of an input against real PostgreSQL (the price table), a real S3 server
 * and database sources, compared with what {@code generate} records for the same input.
 */
class SpendEstimatesIntegrationTests {

	private static final String BUCKET = "estimate-tests";

	private static final String INPUT_BUCKET = "estimate-tests-input";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

	private @Nullable ConfigurableApplicationContext context;

	private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		this.gateway = this.bed.gateway("test", (settings) -> settings);
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void pricesEveryRowAtTheListPriceThatGenerateRecordsForCatalogPricedModels() {
		// given: two models priced per image, one with a provider prefix, and one priced
		// by usage when the gateway reports it
		Path csv = this.bed.csv("""
				id,prompt,model,size,quality,n
				a,A red square,dall-e-2,256x256,,2
				b,A blue circle,dall-e-2,512x512,,1
				c,A green hill,dall-e-3,1024x1024,hd,1
				d,A wide poster,dall-e-3,1792x1024,standard,1
				e,A forest,openai/dall-e-3,1024x1024,hd,1
				f,A sprite,gpt-image-1,1024x1024,medium,2
				g,A square again,dall-e-2,256x256,,1
				""");

		// when
		SpendEstimate estimate = estimates().estimate(csv.toString(), RowDefaults.NONE, null);
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then every row is valid and priced
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(estimate.complete()).isTrue();
		assertThat(estimate.rows()).isEqualTo(7);
		assertThat(estimate.images()).isEqualTo(9);
		assertThat(estimate.lines()).extracting((line) -> new CostKey(line.model(), line.size(), line.quality()))
			.containsExactlyInAnyOrder(new CostKey("dall-e-2", "256x256", "standard"),
					new CostKey("dall-e-2", "512x512", "standard"), new CostKey("dall-e-3", "1024x1024", "hd"),
					new CostKey("dall-e-3", "1792x1024", "standard"),
					new CostKey("gpt-image-1", "1024x1024", "medium"));
		// each line at the seeded list price, in batch at half of it
		for (SpendEstimate.Line line : estimate.lines()) {
			BigDecimal listed = listPrice(line.model(), line.size(), line.quality());
			assertThat(line.unitUsd()).as(line.toString()).isEqualByComparingTo(listed);
			assertThat(line.syncUsd()).as(line.toString())
				.isEqualByComparingTo(listed.multiply(BigDecimal.valueOf(line.images())))
				.hasScaleOf(Cost.SCALE);
			assertThat(line.batchUsd().multiply(BigDecimal.TWO)).as(line.toString())
				.isEqualByComparingTo(line.syncUsd());
			assertThat(line.pricedByUsage()).as(line.toString()).isEqualTo(line.model().equals("gpt-image-1"));
		}
		assertThat(estimate.syncUsd()).hasScaleOf(Cost.SCALE)
			.isEqualByComparingTo(estimate.lines()
				.stream()
				.map(SpendEstimate.Line::syncUsd)
				.reduce(BigDecimal.ZERO, BigDecimal::add));
		assertThat(estimate.batchUsd().multiply(BigDecimal.TWO)).isEqualByComparingTo(estimate.syncUsd());
		// and what generate recorded at list price is what the estimate says, line by
		// line
		Map<CostKey, BigDecimal> recorded = new HashMap<>();
		for (Map<String, Object> entry : this.bed.costEntries(generate.runId())) {
			if ("catalog".equals(entry.get("basis"))) {
				recorded.merge(new CostKey((String) entry.get("model"), (String) entry.get("size"),
						(String) entry.get("quality")), (BigDecimal) entry.get("usd"), BigDecimal::add);
			}
		}
		assertThat(recorded).hasSize(4);
		recorded.forEach((key, usd) -> assertThat(estimate.lines())
			.filteredOn((line) -> new CostKey(line.model(), line.size(), line.quality()).equals(key))
			.singleElement()
			.satisfies((line) -> assertThat(line.syncUsd()).as(key.toString()).isEqualByComparingTo(usd)));
	}

	@Test
	void listsInvalidRowsWithTheirLineAndRowsWithoutAPriceAndCreatesNoRun() {
		// given: a quote never closed makes the rest of the file one unreadable record
		Path csv = this.bed.csv("""
				id,prompt,model,size,n,gateway
				ok,A red square,dall-e-2,256x256,1,
				two,Two lighthouses,dall-e-3,1024x1024,2,
				unknown,A cat,no-such-model,,1,
				flux,A flux image,flux-pro,1024x1024,1,
				elsewhere,A dog,dall-e-2,256x256,1,nowhere
				broken,"A yellow star,dall-e-2,256x256,1,
				""");
		SpendEstimates estimates = estimates();
		long runsBefore = this.bed.runCount();

		// when
		SpendEstimate estimate = estimates.estimate(csv.toString(), RowDefaults.NONE, null);

		// then
		assertThat(estimate.rows()).isEqualTo(6);
		assertThat(estimate.validRows()).isEqualTo(2);
		assertThat(estimate.invalidRows()).isEqualTo(4);
		assertThat(estimate.invalid()).extracting(SpendEstimate.InvalidRow::line, SpendEstimate.InvalidRow::id)
			.containsExactly(tuple(3L, "two"), tuple(4L, "unknown"), tuple(6L, "elsewhere"), tuple(7L, "7"));
		assertThat(estimate.invalid().get(0).reason()).contains("n must be 1 for dall-e-3");
		assertThat(estimate.invalid().get(1).reason()).contains("unknown model 'no-such-model'");
		assertThat(estimate.invalid().get(2).reason()).contains("unknown gateway 'nowhere'");
		assertThat(estimate.invalid().get(3).reason()).contains("never closed");
		// flux-pro has no price: listed, and not in the totals as zero
		assertThat(estimate.unpriced()).containsExactly(new SpendEstimate.Unpriced("flux-pro", "1024x1024", "-", 1, 1));
		assertThat(estimate.lines()).extracting(SpendEstimate.Line::model).containsExactly("dall-e-2");
		assertThat(estimate.syncUsd()).isEqualByComparingTo(listPrice("dall-e-2", "256x256", "standard"));
		assertThat(estimate.complete()).isFalse();
		// nothing was created, nothing called
		assertThat(this.bed.runCount()).isEqualTo(runsBefore);
		assertThat(this.gateway.ledger().requests()).isZero();
	}

	@Test
	void theTimeNeededFollowsTheGatewaysConfiguredLimits() {
		// given: 120 calls for 360 images, at 50 requests and 100 images a minute
		this.bed.property("imagebatch.gateways.test.requests-per-minute", "50");
		this.bed.property("imagebatch.gateways.test.images-per-minute", "100");
		this.bed.gateway("unlimited", (settings) -> settings);
		Path csv = this.bed.rows(120, "dall-e-2", "256x256", "url");
		RowDefaults threeEach = new RowDefaults(null, null, null, null, 3, null, null, null, null);

		// when
		SpendEstimate limited = estimates().estimate(csv.toString(), threeEach, "test");
		SpendEstimate unlimited = estimates().estimate(csv.toString(), threeEach, "unlimited");

		// then: the image limit is the slower, 360 / 100 minutes
		assertThat(limited.pace())
			.containsExactly(new SpendEstimate.Pace("test", 120, 360, 50, 100, Duration.ofSeconds(360 * 60 / 100)));
		assertThat(unlimited.pace()).containsExactly(new SpendEstimate.Pace("unlimited", 120, 360, null, null, null));
	}

	@Test
	void estimatesAnS3ObjectAndADatabaseSourceAsARunWouldReadThem() {
		// given
		String object = this.bed.s3Object(INPUT_BUCKET, "estimate/" + this.suffix + ".csv", """
				id,prompt,model,size,n
				square,A red square,dall-e-2,256x256,1
				pair,Two blue circles,dall-e-2,256x256,2
				""");
		String table = this.bed.schema("estimate_tests") + ".catalog_product";
		this.bed.jdbc()
			.sql("CREATE TABLE %s (id INT PRIMARY KEY, prompt TEXT NOT NULL, n INT)".formatted(table))
			.update();
		this.bed.jdbc()
			.sql("INSERT INTO %s VALUES (1, 'A red mug', 1), (2, 'A blue lamp', 2), (3, 'A chair', 2)".formatted(table))
			.update();
		this.bed.property("imagebatch.sources.catalog.query", "SELECT id, prompt, n FROM " + table);
		this.bed.property("imagebatch.sources.catalog.page-size", "2");
		RowDefaults dallE3 = new RowDefaults("dall-e-3", null, null, null, null, null, null, null, null);

		// when
		SpendEstimate fromS3 = estimates().estimate(object, RowDefaults.NONE, null);
		SpendEstimate fromDatabase = estimates().estimate("db:catalog", dallE3, null);

		// then
		assertThat(fromS3.rows()).isEqualTo(2);
		assertThat(fromS3.images()).isEqualTo(3);
		assertThat(fromS3.syncUsd())
			.isEqualByComparingTo(listPrice("dall-e-2", "256x256", "standard").multiply(BigDecimal.valueOf(3)));
		assertThat(fromDatabase.rows()).isEqualTo(3);
		assertThat(fromDatabase.validRows()).isEqualTo(1);
		assertThat(fromDatabase.invalid()).extracting(SpendEstimate.InvalidRow::id).containsExactly("2", "3");
		assertThat(fromDatabase.syncUsd()).isEqualByComparingTo(listPrice("dall-e-3", "1024x1024", "standard"));
	}

	@Test
	void unusableInputFailsAsCreatingARunWouldAndCreatesNothing() {
		// given
		Path noPrompt = this.bed.csv("id,text\n1,hello\n");
		SpendEstimates estimates = estimates();
		long runsBefore = this.bed.runCount();

		// then
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> estimates.estimate(this.temp.resolve("missing.csv").toString(), RowDefaults.NONE, null))
			.withMessageContaining("missing.csv");
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> estimates.estimate(noPrompt.toString(), RowDefaults.NONE, null))
			.withMessageContaining("no 'prompt' column");
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> estimates.estimate("s3://" + INPUT_BUCKET + "/absent-" + this.suffix + ".csv",
					RowDefaults.NONE, null))
			.withMessageContaining("no object");
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> estimates.estimate("db:nope", RowDefaults.NONE, null))
			.withMessageContaining("no database source 'nope'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> estimates.estimate(noPrompt.toString(), RowDefaults.NONE, "nowhere"))
			.withMessageContaining("unknown gateway 'nowhere'");
		assertThat(this.bed.runCount()).isEqualTo(runsBefore);
	}

	/** The application, started once the test has configured what it needs. */
	@Test
	void aDatabaseSourceThatSkipsDoneRowsIsEstimatedWithoutTheRowsAnEarlierRunSucceeded() {
		// given: a run of the source succeeded two rows, then a third row came
		String table = this.bed.schema("estimate_tests") + ".nightly_product";
		this.bed.jdbc().sql("CREATE TABLE %s (id INT PRIMARY KEY, prompt TEXT NOT NULL)".formatted(table)).update();
		this.bed.jdbc().sql("INSERT INTO %s VALUES (1, 'A red mug'), (2, 'A blue lamp')".formatted(table)).update();
		String source = "nightly-" + this.suffix;
		this.bed.property("imagebatch.sources." + source + ".query", "SELECT id, prompt FROM " + table);
		this.bed.property("imagebatch.sources." + source + ".skip-done", "true");
		RowDefaults dallE2 = new RowDefaults("dall-e-2", "256x256", null, null, null, null, null, null, null);
		CliInvocation generate = this.bed.cli("generate", "db:" + source, "--model", "dall-e-2", "--size", "256x256");
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		this.bed.jdbc().sql("INSERT INTO %s VALUES (3, 'A chair')".formatted(table)).update();

		// when: as the source's default says, and told otherwise
		SpendEstimate skipping = estimates()
			.estimate(new RunRequest("db:" + source, null, null, dallE2, null, null, null));
		SpendEstimate everything = estimates()
			.estimate(new RunRequest("db:" + source, null, null, dallE2, null, null, false));

		// then
		assertThat(skipping.rows()).isEqualTo(1);
		assertThat(skipping.alreadyDone()).isEqualTo(2);
		assertThat(skipping.syncUsd()).isEqualByComparingTo(listPrice("dall-e-2", "256x256", "standard"));
		assertThat(everything.rows()).isEqualTo(3);
		assertThat(everything.alreadyDone()).isZero();
	}

	private SpendEstimates estimates() {
		if (this.context == null) {
			this.context = this.bed.application();
		}
		return this.context.getBean(SpendEstimates.class);
	}

	private BigDecimal listPrice(String model, String size, String quality) {
		return this.bed.jdbc()
			.sql("SELECT usd_per_image FROM image_price WHERE model = ? AND size = ? AND quality = ?")
			.params(model, size, quality)
			.query(BigDecimal.class)
			.single();
	}

}
