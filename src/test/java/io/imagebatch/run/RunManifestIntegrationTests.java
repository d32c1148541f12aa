package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.imagebatch.cli.Cli;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code manifest.jsonl} written beside a run's images whenever the run ends (DESIGN
 * §2.4), read back from a real S3 server and checked against PostgreSQL and the objects
 * it lists.
 */
class RunManifestIntegrationTests {

	private static final String BUCKET = "manifest-tests";

	private static final String PREFIX = "batches/";

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		this.bed.gateway("simulated", (settings) -> settings);
		this.bed.property("imagebatch.storage.prefix", PREFIX);
		// pages of two items, so that reading the items page by page is exercised
		this.bed.property("imagebatch.run.manifest-page-size", "2");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void theManifestHasOneLinePerItemAgreeingWithTheDatabaseTheStoredImagesAndTheReport() {
		// given: rows that succeed (one with two images), one invalid, one rejected
		Path csv = this.bed.csv("""
				id,prompt,model,size,n,response_format
				kite,A red kite over the dunes,dall-e-2,256x256,2,b64_json
				two-for-dalle3,Two lighthouses at dusk,dall-e-3,1024x1024,2,url
				refused,A forbidden picture #reject,dall-e-2,256x256,1,b64_json
				boat,A blue boat on a green lake,dall-e-3,1024x1024,1,url
				poster,"A poster that reads ""Open""
				on two lines",dall-e-2,512x512,1,b64_json
				""");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then the run ended as it would have without a manifest
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		// one line per item, in item id order, each saying what the database says
		List<JsonNode> lines = manifestLines(runId);
		List<Map<String, Object>> items = items(runId);
		assertThat(lines).extracting((line) -> line.path("id").asString())
			.containsExactlyElementsOf(items.stream().map((item) -> (String) item.get("external_id")).toList());
		for (int i = 0; i < lines.size(); i++) {
			JsonNode line = lines.get(i);
			Map<String, Object> item = items.get(i);
			assertThat(line.path("status").asString()).as(item.toString()).isEqualTo(item.get("status"));
			assertThat(line.path("line").asLong()).as(item.toString()).isEqualTo(item.get("line"));
			assertThat(line.path("attempts").asInt()).as(item.toString()).isEqualTo(item.get("attempts"));
			assertThat(line.path("prompt").asString()).as(item.toString()).isEqualTo(item.get("prompt"));
			assertThat(line.path("error").isNull()).as(item.toString()).isEqualTo(item.get("error_type") == null);
			if (item.get("error_type") != null) {
				assertThat(line.path("error").path("type").asString()).isEqualTo(item.get("error_type"));
				assertThat(line.path("error").path("code").asString(null)).isEqualTo(item.get("error_code"));
				assertThat(line.path("error").path("message").asString()).isEqualTo(item.get("error_message"));
			}
		}
		assertThat(statusOf(lines, "kite")).isEqualTo("SUCCEEDED");
		assertThat(statusOf(lines, "two-for-dalle3")).isEqualTo("INVALID");
		assertThat(line(lines, "refused").path("error").path("type").asString()).isEqualTo("REJECTED");
		// every listed image is in S3 with the listed digest, and every stored image is
		// listed
		List<JsonNode> images = lines.stream().flatMap((line) -> line.path("images").values().stream()).toList();
		assertThat(images).hasSize((int) imagesStored(runId)).hasSize(4);
		for (JsonNode image : images) {
			assertThat(image.path("bucket").asString()).isEqualTo(BUCKET);
			byte[] bytes = this.bed.s3()
				.getObjectAsBytes((request) -> request.bucket(BUCKET).key(image.path("key").asString()))
				.asByteArray();
			assertThat(Sha256.hex(bytes)).as(image.toString()).isEqualTo(image.path("sha256").asString());
			assertThat(bytes).as(image.toString()).hasSize(image.path("bytes").asInt());
		}
		assertThat(line(lines, "kite").path("images").values()).extracting((image) -> image.path("index").asInt())
			.containsExactly(0, 1);
		// the items' costs add up to the report's; nothing was called for the invalid or
		// the refused row
		JsonNode report = report(runId);
		assertThat(costSum(lines)).isEqualByComparingTo(new BigDecimal(report.path("cost_usd").asString()));
		assertThat(line(lines, "kite").path("cost_usd").asString()).isEqualTo("0.032000");
		assertThat(line(lines, "two-for-dalle3").path("cost_usd").isNull()).isTrue();
		assertThat(line(lines, "refused").path("cost_usd").isNull()).isTrue();
		// and both the summary and the report say where the manifest is
		String location = "s3://" + BUCKET + "/" + PREFIX + runId + "/manifest.jsonl";
		assertThat(generate.out()).contains("Manifest: " + location);
		assertThat(report.path("manifest").asString()).isEqualTo(location);
	}

	@Test
	void theManifestIsStoredAsNdjsonWithTheSha256OfItsContent() {
		// given
		Path csv = this.bed.rows(3, "dall-e-2", "256x256", "b64_json");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		ResponseBytes<GetObjectResponse> manifest = manifest(generate.runId());
		assertThat(manifest.response().contentType()).isEqualTo("application/x-ndjson");
		assertThat(manifest.response().metadata()).containsEntry("sha256", Sha256.hex(manifest.asByteArray()));
		assertThat(manifest.asUtf8String()).endsWith("}\n").hasLineCount(3);
	}

	@Test
	void aBudgetStoppedRunHasAManifestOfItsPendingItemsAndRestartRewritesIt() {
		// given: dall-e-3 standard square costs $0.04; the budget allows two calls
		Path csv = this.bed.rows(5, "dall-e-3", "1024x1024", "b64_json");

		// when
		CliInvocation stopped = this.bed.cli("generate", csv.toString(), "--budget-usd", "0.10", "--concurrency", "1");

		// then the manifest lists the untouched rows as PENDING, with nothing spent on
		// them
		String runId = stopped.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "STOPPED");
		List<JsonNode> before = manifestLines(runId);
		assertThat(before).extracting((line) -> line.path("status").asString())
			.containsExactly("SUCCEEDED", "SUCCEEDED", "PENDING", "PENDING", "PENDING");
		assertThat(before.subList(2, 5)).allSatisfy((line) -> {
			assertThat(line.path("images").values()).isEmpty();
			assertThat(line.path("cost_usd").isNull()).isTrue();
			assertThat(line.path("attempts").asInt()).isZero();
			assertThat(line.path("error").isNull()).isTrue();
		});
		assertThat(costSum(before)).isEqualByComparingTo(new BigDecimal(report(runId).path("cost_usd").asString()));
		assertThat(stopped.out()).contains("Manifest: s3://" + BUCKET + "/" + PREFIX + runId + "/manifest.jsonl");

		// when the budget is raised
		CliInvocation restarted = this.bed.cli("restart", runId, "--budget-usd", "1");

		// then the manifest says how every row ended
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		List<JsonNode> after = manifestLines(runId);
		assertThat(after).extracting((line) -> line.path("status").asString()).containsOnly("SUCCEEDED").hasSize(5);
		assertThat(after).extracting((line) -> line.path("id").asString())
			.containsExactly("row-1", "row-2", "row-3", "row-4", "row-5");
		assertThat(costSum(after)).isEqualByComparingTo("0.20")
			.isEqualByComparingTo(new BigDecimal(report(runId).path("cost_usd").asString()));
		assertThat(restarted.out()).contains("Manifest: s3://" + BUCKET + "/" + PREFIX + runId + "/manifest.jsonl");
	}

	@Test
	void aManifestTheStoreRefusesLeavesTheRunsOutcomeAlone() {
		// given: images keyed without the prefix, and a prefix no S3 takes in a key (one
		// segment longer than a file name may be, the whole longer than 1024 bytes)
		this.bed.property("imagebatch.storage.key-template", "{run}/{item}/{index}.{ext}");
		this.bed.property("imagebatch.storage.prefix", "p".repeat(1100) + "/");
		Path csv = this.bed.rows(2, "dall-e-2", "256x256", "b64_json");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then the run completed as if nothing had happened, and says the manifest is
		// missing
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED").containsEntry("manifest_uri", null);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 2L));
		assertThat(generate.out()).contains("Manifest: not written");
		assertThat(report(runId).has("manifest")).isFalse();
	}

	@Test
	void theManifestCommandWritesADeletedManifestAgainButNotForARunThatHasNotEnded() {
		// given: an ended run whose manifest was deleted
		CliInvocation generate = this.bed.cli("generate",
				this.bed.csv("id,prompt,model,size\na,A kite,dall-e-2,256x256\nb,A boat #reject,dall-e-2,256x256\n")
					.toString());
		String runId = generate.runId();
		List<JsonNode> original = manifestLines(runId);
		this.bed.s3().deleteObject((request) -> request.bucket(BUCKET).key(PREFIX + runId + "/manifest.jsonl"));
		this.bed.jdbc().sql("UPDATE run SET manifest_uri = NULL WHERE id = ?").param(runId).update();

		// when
		CliInvocation rewrite = this.bed.cli("manifest", runId);

		// then
		assertThat(rewrite.exitCode()).as(rewrite.toString()).isEqualTo(Cli.OK);
		assertThat(rewrite.out().strip()).isEqualTo("s3://" + BUCKET + "/" + PREFIX + runId + "/manifest.jsonl");
		assertThat(manifestLines(runId)).isEqualTo(original);
		assertThat(report(runId).get("manifest").asString()).isEqualTo(rewrite.out().strip());

		// when: a run that has not ended
		this.bed.jdbc().sql("UPDATE run SET status = 'RUNNING' WHERE id = ?").param(runId).update();
		CliInvocation running = this.bed.cli("manifest", runId);

		// then
		assertThat(running.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(running.err()).contains("is RUNNING; its manifest is written when it ends");
	}

	private ResponseBytes<GetObjectResponse> manifest(String runId) {
		return this.bed.s3()
			.getObjectAsBytes((request) -> request.bucket(BUCKET).key(PREFIX + runId + "/manifest.jsonl"));
	}

	private List<JsonNode> manifestLines(String runId) {
		String content = new String(manifest(runId).asByteArray(), StandardCharsets.UTF_8);
		assertThat(content).endsWith("\n");
		return Arrays.stream(content.split("\n")).map(this.json::readTree).toList();
	}

	private List<Map<String, Object>> items(String runId) {
		return this.bed.jdbc().sql("""
				SELECT external_id, line, status, prompt, attempts, error_type, error_code, error_message
				FROM item WHERE run_id = ? ORDER BY id""").param(runId).query().listOfRows();
	}

	private long imagesStored(String runId) {
		return this.bed.jdbc()
			.sql("SELECT COUNT(*) FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(runId)
			.query(Long.class)
			.single();
	}

	private JsonNode report(String runId) {
		return this.json.readTree(this.bed.cli("report", runId, "--format", "json").out());
	}

	private static JsonNode line(List<JsonNode> lines, String id) {
		return lines.stream().filter((line) -> id.equals(line.path("id").asString())).findFirst().orElseThrow();
	}

	private static String statusOf(List<JsonNode> lines, String id) {
		return line(lines, id).path("status").asString();
	}

	private static BigDecimal costSum(List<JsonNode> lines) {
		return lines.stream()
			.map((line) -> line.path("cost_usd"))
			.filter((cost) -> !cost.isNull())
			.map((cost) -> new BigDecimal(cost.asString()))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

}
