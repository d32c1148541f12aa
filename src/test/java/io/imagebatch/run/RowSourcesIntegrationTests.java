package io.imagebatch.run;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code generate} from an S3 object and from database sources, end to end through the
 * command line: real PostgreSQL, a real S3 server, the simulator over HTTP.
 */
class RowSourcesIntegrationTests {

	private static final String BUCKET = "source-tests";

	private static final String INPUT_BUCKET = "source-tests-input";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

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
	void aRunFromAnS3ObjectAccountsForEveryRowAndStoresItsImages() {
		// given: a row dall-e-3 cannot take, and a stray character after a quote, after
		// which the object is opened again to resume on the next line
		String input = this.bed.s3Object(INPUT_BUCKET, "catalog/" + this.suffix + ".csv", """
				id,prompt,model,size,n
				square,A red square,dall-e-2,256x256,1
				pair,Two blue circles,dall-e-2,256x256,2
				too-many,A green star,dall-e-3,1024x1024,2
				stray,"A quote"d prompt,dall-e-2,256x256,1
				after,A purple hexagon,dall-e-2,256x256,1
				""");

		// when
		CliInvocation generate = this.bed.cli("generate", input);

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED").containsEntry("source", input);
		assertThat(this.bed.statusById(runId)).containsExactlyInAnyOrderEntriesOf(Map.of("square", "SUCCEEDED", "pair",
				"SUCCEEDED", "too-many", "INVALID", "5", "INVALID", "after", "SUCCEEDED"));
		assertThat((String) this.bed.item(runId, "5").get("error_message")).contains("after a closing quote");
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("A red square", "Two blue circles", "Two blue circles", "A purple hexagon");
		assertThat(storedImages(runId)).hasSize(4).allSatisfy(this::isAPngInTheBucket);
	}

	@Test
	void aMissingS3ObjectIsAUsageErrorThatCreatesNoRun() {
		// given
		this.bed.s3Object(INPUT_BUCKET, "present.csv", "prompt\nA lighthouse\n");
		long runsBefore = this.bed.runCount();

		// when
		CliInvocation missingKey = this.bed.cli("generate", "s3://" + INPUT_BUCKET + "/absent.csv");
		CliInvocation missingBucket = this.bed.cli("generate", "s3://no-such-bucket-" + this.suffix + "/rows.csv");
		CliInvocation noKey = this.bed.cli("generate", "s3://" + INPUT_BUCKET);

		// then
		assertThat(missingKey.exitCode()).as(missingKey.toString()).isEqualTo(Cli.USAGE);
		assertThat(missingKey.err()).contains("no object s3://" + INPUT_BUCKET + "/absent.csv");
		assertThat(missingBucket.exitCode()).as(missingBucket.toString()).isEqualTo(Cli.USAGE);
		assertThat(missingBucket.err()).contains("there is no bucket 'no-such-bucket-" + this.suffix + "'");
		assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(Cli.USAGE);
		assertThat(noKey.err()).contains("expected s3://bucket/key");
		assertThat(missingKey.err() + missingBucket.err() + noKey.err()).doesNotContain("Exception");
		assertThat(this.bed.runCount()).isEqualTo(runsBefore);
		assertThat(this.gateway.ledger().requests()).isZero();
	}

	@Test
	void aRunFromANamedQueryOnTheProductsDatabaseAccountsForEveryRowInPages() {
		// given: a catalog table; the query leaves out products that have an image
		String table = this.bed.schema("source_tests") + ".catalog_product";
		this.bed.jdbc().sql("""
				CREATE TABLE %s (id INT PRIMARY KEY, prompt TEXT NOT NULL, model TEXT, size TEXT, n INT,
				category TEXT, has_image BOOLEAN NOT NULL DEFAULT FALSE)""".formatted(table)).update();
		this.bed.jdbc().sql("""
				INSERT INTO %s (id, prompt, model, size, n, category, has_image) VALUES
				(4, 'A yellow desk', NULL, NULL, NULL, 'desks', FALSE),
				(1, 'A red mug', 'dall-e-2', '256x256', 1, 'mugs', FALSE),
				(3, 'A green chair', 'dall-e-3', '1024x1024', 2, 'chairs', FALSE),
				(2, 'A blue lamp', 'dall-e-2', '256x256', 2, 'lamps', FALSE),
				(5, 'An old sofa', 'dall-e-2', '256x256', 1, 'sofas', TRUE)""".formatted(table)).update();
		this.bed.property("imagebatch.sources.catalog.query",
				"SELECT id, prompt, model, size, n, category FROM %s WHERE NOT has_image".formatted(table));
		this.bed.property("imagebatch.sources.catalog.page-size", "2");

		// when
		CliInvocation generate = this.bed.cli("generate", "db:catalog", "--model", "dall-e-2", "--size", "256x256");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED").containsEntry("source", "db:catalog");
		assertThat(this.bed.statusById(runId)).containsExactlyInAnyOrderEntriesOf(
				Map.of("1", "SUCCEEDED", "2", "SUCCEEDED", "3", "INVALID", "4", "SUCCEEDED"));
		Map<String, Object> invalid = this.bed.item(runId, "3");
		assertThat((String) invalid.get("error_message")).contains("n");
		assertThat(((Number) invalid.get("line")).longValue()).isEqualTo(3);
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("A red mug", "A blue lamp", "A blue lamp", "A yellow desk");
		assertThat(storedImages(runId)).hasSize(4).allSatisfy(this::isAPngInTheBucket);
	}

	@Test
	void aDatabaseSourceCanReadASeparatelyConfiguredDatabase() {
		// given: a table only the separate datasource's search path can see
		String schema = this.bed.schema("source_tests");
		this.bed.jdbc()
			.sql("CREATE TABLE %s.products (sku TEXT PRIMARY KEY, description TEXT NOT NULL)".formatted(schema))
			.update();
		this.bed.jdbc()
			.sql("INSERT INTO %s.products VALUES ('sku-1', 'A brass key'), ('sku-2', 'A glass door')".formatted(schema))
			.update();
		Map<String, String> product = this.bed.properties();
		String url = product.get("spring.datasource.url");
		this.bed.property("imagebatch.sources.shop.url",
				url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
		this.bed.property("imagebatch.sources.shop.username", product.get("spring.datasource.username"));
		this.bed.property("imagebatch.sources.shop.password", product.get("spring.datasource.password"));
		this.bed.property("imagebatch.sources.shop.query", "SELECT sku AS id, description AS prompt FROM products");

		// when
		CliInvocation generate = this.bed.cli("generate", "db:shop", "--model", "dall-e-2", "--size", "256x256");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.statusById(generate.runId()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("sku-1", "SUCCEEDED", "sku-2", "SUCCEEDED"));
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("A brass key", "A glass door");
	}

	@Test
	void aSeparatelyConfiguredDatabaseIsReadOnly() {
		// given: a query with a side effect, on a separate datasource
		String schema = this.bed.schema("source_tests");
		this.bed.jdbc().sql("CREATE SEQUENCE %s.counter".formatted(schema)).update();
		this.bed.property("imagebatch.sources.writer.url", this.bed.properties().get("spring.datasource.url"));
		this.bed.property("imagebatch.sources.writer.query",
				"SELECT nextval('%s.counter') AS id, 'A counter' AS prompt".formatted(schema));

		// when
		CliInvocation generate = this.bed.cli("generate", "db:writer");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.USAGE);
		assertThat(generate.err()).contains("db:writer: the query cannot be read").contains("read-only transaction");
		boolean advanced = this.bed.jdbc()
			.sql("SELECT is_called FROM %s.counter".formatted(schema))
			.query(Boolean.class)
			.single();
		assertThat(advanced).isFalse();
	}

	@Test
	void unusableDatabaseSourcesAreUsageErrorsThatCreateNoRun() {
		// given
		String table = this.bed.schema("source_tests") + ".catalog_text";
		this.bed.jdbc().sql("CREATE TABLE %s (id INT, text TEXT, sku INT)".formatted(table)).update();
		this.bed.jdbc().sql("INSERT INTO %s VALUES (1, 'A mug', 7), (2, 'A lamp', 7)".formatted(table)).update();
		this.bed.property("imagebatch.sources.no-prompt.query", "SELECT id, text FROM " + table);
		this.bed.property("imagebatch.sources.by-sku.query", "SELECT sku, text AS prompt FROM " + table);
		this.bed.property("imagebatch.sources.by-sku.sort-key", "sku");
		this.bed.property("imagebatch.sources.broken.query", "SELECT id, prompt FROM no_such_table_" + this.suffix);
		this.bed.property("imagebatch.sources.locked.query", "SELECT id, text AS prompt FROM " + table);
		// nothing listens on the discard port
		this.bed.property("imagebatch.sources.locked.url", "jdbc:postgresql://127.0.0.1:9/catalog");
		this.bed.property("imagebatch.sources.locked.username", "reader");
		this.bed.property("imagebatch.sources.locked.password", "wrong-s3cr3t-" + this.suffix);
		long runsBefore = this.bed.runCount();

		// when
		CliInvocation unknown = this.bed.cli("generate", "db:nope");
		CliInvocation noPrompt = this.bed.cli("generate", "db:no-prompt");
		CliInvocation repeatedKey = this.bed.cli("generate", "db:by-sku");
		CliInvocation broken = this.bed.cli("generate", "db:broken");
		CliInvocation locked = this.bed.cli("generate", "db:locked");

		// then
		assertThat(List.of(unknown, noPrompt, repeatedKey, broken, locked))
			.allSatisfy(
					(invocation) -> assertThat(invocation.exitCode()).as(invocation.toString()).isEqualTo(Cli.USAGE))
			.allSatisfy((invocation) -> assertThat(invocation.err()).doesNotContain("Exception"));
		assertThat(unknown.err()).contains("no database source 'nope'; configured: broken, by-sku, locked, no-prompt");
		assertThat(noPrompt.err()).contains("db:no-prompt: the query has no 'prompt' column; it returns: id, text");
		assertThat(repeatedKey.err()).contains("db:by-sku: the sort key 'sku' must be unique")
			.contains("but 1 row repeats another's value;");
		assertThat(broken.err()).contains("db:broken: the query cannot be read").contains("does not exist");
		assertThat(locked.err()).contains("db:locked: cannot connect to its database")
			.doesNotContain("wrong-s3cr3t-" + this.suffix);
		assertThat(this.bed.runCount()).isEqualTo(runsBefore);
		assertThat(this.gateway.ledger().requests()).isZero();
	}

	@Test
	void aDatabaseSourceWithoutAQueryStopsStartUpNamingTheProperty() {
		// given
		this.bed.property("imagebatch.sources.catalog.page-size", "10");

		// when
		CliInvocation generate = this.bed.cli("generate", "db:catalog");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat(generate.err()).contains("imagebatch could not start: imagebatch.sources.catalog.query is required");
	}

	private List<String> storedImages(String runId) {
		return this.bed.jdbc()
			.sql("SELECT object_key FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(runId)
			.query(String.class)
			.list();
	}

	private void isAPngInTheBucket(String key) {
		byte[] stored = this.bed.s3().getObjectAsBytes((request) -> request.bucket(BUCKET).key(key)).asByteArray();
		assertThat(stored).as(key).startsWith(0x89, 'P', 'N', 'G');
	}

}
