package io.imagebatch.cli;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.simulator.SimulatorProperties;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.TestInfrastructure;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code generate} and the read commands end to end through the command-line entry point:
 * real PostgreSQL, a real S3 server, and the simulator over HTTP.
 */
class GenerateCommandIntegrationTests {

	private static final String API_KEY = "sk-test-0123456789abcdef";

	private static final String BUCKET = "generate-tests";

	private final TestInfrastructure infrastructure = TestInfrastructure.get();

	private final JdbcClient jdbc = this.infrastructure.jdbc();

	private final S3Client s3 = this.infrastructure.s3();

	private final JsonMapper json = JsonMapper.builder().build();

	private GatewaySimulator simulator;

	@TempDir
	Path temp;

	@BeforeEach
	void startSimulator() {
		this.simulator = new GatewaySimulator(SimulatorProperties.defaults().withApiKeys(List.of(API_KEY)),
				TestModelCatalog.load(), Clock.systemUTC());
		this.simulator.start(0);
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void generatesTheSampleAccountingForEveryRowWithStoredImagesAndCosts() throws Exception {
		// given
		Path sample = Path.of("samples/prompts.csv");
		List<CSVRecord> rows = csvRows(sample);

		// when
		CliInvocation generate = generate(sample.toString());

		// then the run completed with failed and invalid items: exit code 2
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(runStatus(runId)).isEqualTo("COMPLETED");
		// every row is one item, and each ended SUCCEEDED, FAILED or INVALID
		Map<String, Long> byStatus = itemsByStatus(runId);
		assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(rows.size());
		assertThat(byStatus).doesNotContainKeys("PENDING", "IN_FLIGHT");
		// the two locally invalid rows made no call; everything else did
		List<String> invalidIds = this.jdbc.sql("SELECT external_id FROM item WHERE run_id = ? AND status = 'INVALID'")
			.param(runId)
			.query(String.class)
			.list();
		assertThat(invalidIds).containsExactlyInAnyOrder("two-for-dalle3", "tiny-dalle3");
		List<String> promptsCalled = this.simulator.ledger()
			.generated()
			.stream()
			.map(GeneratedRecord::prompt)
			.distinct()
			.toList();
		rows.stream()
			.filter((row) -> invalidIds.contains(row.get("id")))
			.forEach((row) -> assertThat(promptsCalled).doesNotContain(row.get("prompt")));
		assertThat(this.simulator.ledger().requests()).isEqualTo(rows.size() - invalidIds.size());
		// the content-policy row failed with the gateway's code and message
		Map<String, Object> rejected = this.jdbc
			.sql("SELECT status, error_type, error_code, error_message FROM item WHERE run_id = ? AND external_id = ?")
			.params(runId, "celebrity")
			.query()
			.singleRow();
		assertThat(rejected).containsEntry("status", "FAILED")
			.containsEntry("error_type", "REJECTED")
			.containsEntry("error_code", "content_policy_violation");
		assertThat((String) rejected.get("error_message")).contains("content policy");
		// every image the simulator produced is in S3, byte for byte
		List<Map<String, Object>> images = this.jdbc.sql("""
				SELECT image.object_key, image.sha256, image.origin FROM image JOIN item ON item.id = image.item_id
				WHERE item.run_id = ?""").param(runId).query().listOfRows();
		assertThat(images).hasSize((int) this.simulator.ledger().imagesGenerated());
		List<String> storedDigests = images.stream()
			.map((image) -> Sha256
				.hex(this.s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key((String) image.get("object_key")))
					.asByteArray()))
			.toList();
		assertThat(storedDigests).containsExactlyInAnyOrderElementsOf(
				this.simulator.ledger().generated().stream().map(GeneratedRecord::sha256).toList());
		assertThat(images).extracting((image) -> image.get("origin")).contains("url", "inline");
		assertThat(images).extracting((image) -> (String) image.get("object_key"))
			.allMatch((key) -> key.startsWith(runId + "/"));
		// and the report's total is the price table applied to what was generated
		JsonNode report = this.json
			.readTree(CliInvocation.run(properties(), "report", runId, "--format", "json").out());
		assertThat(new BigDecimal(report.path("cost_usd").asString())).isEqualByComparingTo(expectedCost(runId));
		assertThat(report.path("images").asLong()).isEqualTo(images.size());
		assertThat(report.path("items").path("invalid").asLong()).isEqualTo(2);
		assertThat(report.path("failures_by_type").path("REJECTED").asLong()).isEqualTo(1);
	}

	@Test
	void readCommandsShowTheRunFromTheSameDatabase() throws IOException {
		// given
		Path csv = write("id,prompt,model,size\nsquare,A red square,dall-e-2,256x256\n");
		String runId = generate(csv.toString()).runId();

		// when
		CliInvocation status = CliInvocation.run(properties(), "status", runId);
		CliInvocation runs = CliInvocation.run(properties(), "runs");
		CliInvocation csvReport = CliInvocation.run(properties(), "report", "latest", "--format", "csv");

		// then
		assertThat(status.exitCode()).isZero();
		assertThat(status.out()).contains(runId).contains("COMPLETED").contains("1 succeeded");
		assertThat(runs.out()).contains(runId);
		assertThat(csvReport.out()).contains(runId + ",dall-e-2,256x256,standard,1,0.016000,0");
	}

	@Test
	void malformedRowsBecomeInvalidItemsWithTheirLineAndReasonWhileTheRestSucceed() throws IOException {
		// given: a wrong n type on line 3, an unterminated quote opening on line 4
		Path csv = write("""
				id,prompt,model,size,n
				good,A blue circle,dall-e-2,256x256,1
				wrong-n,A green triangle,dall-e-2,256x256,two
				broken,"A yellow star,dall-e-2,256x256,1
				after,A purple hexagon,dall-e-2,256x256,1
				""");

		// when
		CliInvocation generate = generate(csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Map<Long, Map<String, Object>> byLine = this.jdbc
			.sql("SELECT line, status, error_message FROM item WHERE run_id = ? ORDER BY line")
			.param(generate.runId())
			.query()
			.listOfRows()
			.stream()
			.collect(Collectors.toMap((row) -> ((Number) row.get("line")).longValue(), (row) -> row, (a, b) -> a,
					LinkedHashMap::new));
		assertThat(byLine.get(2L)).containsEntry("status", "SUCCEEDED");
		assertThat(byLine.get(3L)).containsEntry("status", "INVALID");
		assertThat((String) byLine.get(3L).get("error_message")).contains("n must be a whole number").contains("two");
		assertThat(byLine.get(4L)).containsEntry("status", "INVALID");
		assertThat((String) byLine.get(4L).get("error_message")).contains("never closed");
		assertThat(this.simulator.ledger().requests()).isEqualTo(1);
	}

	@Test
	void unusableInputIsAUsageErrorThatCreatesNoRun() throws IOException {
		// given
		Path empty = write("");
		Path noPrompt = write("id,text\n1,hello\n");
		// any command migrates the schema, so the count works whichever test runs first
		assertThat(CliInvocation.run(properties(), "runs").exitCode()).isEqualTo(Cli.OK);
		long runsBefore = runCount();

		// when
		CliInvocation missing = generate(this.temp.resolve("missing.csv").toString());
		CliInvocation emptyFile = generate(empty.toString());
		CliInvocation noPromptColumn = generate(noPrompt.toString());

		// then
		assertThat(missing.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(missing.err()).contains("cannot read").contains("missing.csv");
		assertThat(emptyFile.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(emptyFile.err()).contains("is empty");
		assertThat(noPromptColumn.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(noPromptColumn.err()).contains("no 'prompt' column").contains("id, text");
		assertThat(missing.err() + emptyFile.err() + noPromptColumn.err()).doesNotContain("Exception");
		assertThat(runCount()).isEqualTo(runsBefore);
		assertThat(this.simulator.ledger().requests()).isZero();
	}

	@Test
	void withNoGatewayConfiguredTheBuiltInSimulatorServesOverHttp() throws IOException {
		// given
		Path csv = write("prompt,model,size,response_format\nA lighthouse,dall-e-2,256x256,url\n");

		// when: no imagebatch.gateways.* at all
		CliInvocation generate = CliInvocation.run(this.infrastructure.properties(BUCKET), "generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(generate.err()).contains("gateway 'simulator'").contains("embedded: gateway simulator");
		String key = this.jdbc
			.sql("SELECT object_key FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(generate.runId())
			.query(String.class)
			.single();
		byte[] stored = this.s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key(key)).asByteArray();
		assertThat(stored).startsWith(0x89, 'P', 'N', 'G');
		assertThat(this.simulator.ledger().requests()).isZero();
	}

	@Test
	void callsOverlapFarBeyondTheConnectionPoolBecauseNoConnectionWaitsOnTheGateway() throws IOException {
		// given: a slow gateway, 12 calls allowed in flight, only 2 database connections
		this.simulator.close();
		this.simulator = new GatewaySimulator(
				SimulatorProperties.defaults()
					.withApiKeys(List.of(API_KEY))
					.withLatency(java.time.Duration.ofMillis(400), java.time.Duration.ZERO),
				TestModelCatalog.load(), Clock.systemUTC());
		this.simulator.start(0);
		StringBuilder rows = new StringBuilder("prompt,model,size,response_format\n");
		for (int i = 0; i < 36; i++) {
			rows.append("Tile number ").append(i).append(",dall-e-2,256x256,b64_json\n");
		}
		Path csv = write(rows.toString());
		Map<String, String> properties = new LinkedHashMap<>(properties());
		properties.put("spring.datasource.hikari.maximum-pool-size", "2");

		// when
		CliInvocation generate = CliInvocation.run(properties, "generate", csv.toString(), "--concurrency", "12");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(itemsByStatus(generate.runId())).containsExactly(Map.entry("SUCCEEDED", 36L));
		assertThat(this.simulator.ledger().peakInFlight()).isGreaterThan(2).isLessThanOrEqualTo(12);
	}

	private CliInvocation generate(String input) {
		return CliInvocation.run(properties(), "generate", input);
	}

	private Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>(this.infrastructure.properties(BUCKET));
		properties.put("imagebatch.gateways.test.base-url", this.simulator.baseUri() + "/v1");
		properties.put("imagebatch.gateways.test.api-key", API_KEY);
		return properties;
	}

	/**
	 * The cost the price table gives for what the gateway answered: per-image prices for
	 * catalog entries, token prices for usage entries, from the seeded tables.
	 */
	private BigDecimal expectedCost(String runId) {
		List<Map<String, Object>> entries = this.jdbc.sql("SELECT * FROM cost_entry WHERE run_id = ?")
			.param(runId)
			.query()
			.listOfRows();
		assertThat(entries).isNotEmpty();
		BigDecimal total = BigDecimal.ZERO;
		for (Map<String, Object> entry : entries) {
			String model = (String) entry.get("model");
			String basis = (String) entry.get("basis");
			BigDecimal expected;
			if (basis.equals("catalog")) {
				BigDecimal price = this.jdbc
					.sql("SELECT usd_per_image FROM image_price WHERE model = ? AND size = ? AND quality = ?")
					.params(model, entry.get("size"), entry.get("quality"))
					.query(BigDecimal.class)
					.single();
				expected = price.multiply(BigDecimal.valueOf(((Number) entry.get("images")).longValue()));
			}
			else {
				assertThat(basis).isEqualTo("usage");
				assertThat(((Number) entry.get("output_image_tokens")).longValue()).isPositive();
				expected = tokens(model, "text_input", entry.get("input_text_tokens"))
					.add(tokens(model, "image_output", entry.get("output_image_tokens")));
			}
			assertThat((BigDecimal) entry.get("usd")).as("cost of %s", entry).isEqualByComparingTo(expected);
			total = total.add(expected);
		}
		return total;
	}

	private BigDecimal tokens(String model, String kind, Object count) {
		BigDecimal perMillion = this.jdbc.sql("SELECT usd_per_million FROM token_price WHERE model = ? AND kind = ?")
			.params(model, kind)
			.query(BigDecimal.class)
			.single();
		return perMillion.multiply(BigDecimal.valueOf(((Number) count).longValue()))
			.divide(BigDecimal.valueOf(1_000_000));
	}

	private String runStatus(String runId) {
		return this.jdbc.sql("SELECT status FROM run WHERE id = ?").param(runId).query(String.class).single();
	}

	private long runCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM run").query(Long.class).single();
	}

	private Map<String, Long> itemsByStatus(String runId) {
		Map<String, Long> byStatus = new LinkedHashMap<>();
		this.jdbc.sql("SELECT status, COUNT(*) FROM item WHERE run_id = ? GROUP BY status")
			.param(runId)
			.query((rs, row) -> byStatus.put(rs.getString(1), rs.getLong(2)))
			.list();
		return byStatus;
	}

	private static List<CSVRecord> csvRows(Path csv) throws IOException {
		try (Reader reader = Files.newBufferedReader(csv);
				CSVParser parser = CSVFormat.RFC4180.builder()
					.setHeader()
					.setSkipHeaderRecord(true)
					.get()
					.parse(reader)) {
			return parser.getRecords();
		}
	}

	private Path write(String content) throws IOException {
		Path file = Files.createTempFile(this.temp, "rows", ".csv");
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

}
