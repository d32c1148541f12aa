package io.imagebatch.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * skip-done (DESIGN §2.6) end to end through the command line: runs of one source, with
 * rows added between them, load only the rows not yet done for it. Real PostgreSQL, a
 * real S3 server, the simulator over HTTP.
 */
class SkipDoneIntegrationTests {

	private static final String BUCKET = "skip-done-tests";

	private static final String INPUT_BUCKET = "skip-done-tests-input";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

	// runs of earlier test JVMs may share the database: every source is this test's own
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
	void nightlyRunsOfADatabaseSourceLoadOnlyNewRowsAndTryAFailedRowAgain() {
		// given: a source that skips done rows by default; product 3 is refused once
		String table = this.bed.schema("skip_done") + ".product";
		this.bed.jdbc().sql("CREATE TABLE %s (id INT PRIMARY KEY, prompt TEXT NOT NULL)".formatted(table)).update();
		insert(table, 1, "A red mug");
		insert(table, 2, "A blue lamp");
		insert(table, 3, "A famous actor #reject");
		String source = "nightly-" + this.suffix;
		this.bed.property("imagebatch.sources." + source + ".query", "SELECT id, prompt FROM " + table);
		this.bed.property("imagebatch.sources." + source + ".skip-done", "true");
		this.bed.property("imagebatch.sources." + source + ".page-size", "2");

		// when: the first night
		CliInvocation first = generate("db:" + source);

		// then: every row, one refused
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(this.bed.statusById(first.runId()))
			.isEqualTo(Map.of("1", "SUCCEEDED", "2", "SUCCEEDED", "3", "FAILED"));
		assertThat(this.bed.run(first.runId())).containsEntry("skip_done", true)
			.containsEntry("rows_already_done", 0L)
			.containsEntry("origin_source", "db:" + source);

		// when: the refused prompt is fixed and two products are added
		this.bed.jdbc().sql("UPDATE %s SET prompt = 'A mug on a shelf' WHERE id = 3".formatted(table)).update();
		insert(table, 4, "A green chair");
		insert(table, 5, "A yellow desk");
		CliInvocation second = generate("db:" + source);

		// then: the failed row is tried again, the succeeded ones are left out
		assertThat(second.exitCode()).as(second.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.statusById(second.runId()))
			.isEqualTo(Map.of("3", "SUCCEEDED", "4", "SUCCEEDED", "5", "SUCCEEDED"));
		assertThat(this.bed.run(second.runId())).containsEntry("rows_already_done", 2L);
		assertThat(second.out()).contains("2 rows left out: already done for this source");

		// when: one more product, another night
		insert(table, 6, "A wooden stool");
		CliInvocation third = generate("db:" + source);

		// then
		assertThat(third.exitCode()).as(third.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.statusById(third.runId())).isEqualTo(Map.of("6", "SUCCEEDED"));
		assertThat(this.bed.run(third.runId())).containsEntry("rows_already_done", 5L);
		CliInvocation status = this.bed.cli("status", third.runId());
		assertThat(status.out()).contains("5 rows left out: already done for this source");

		// when: a run that says otherwise
		CliInvocation everything = generate("db:" + source, "--no-skip-done");

		// then: every row again
		assertThat(everything.exitCode()).as(everything.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.statusById(everything.runId())).hasSize(6).containsOnlyKeys("1", "2", "3", "4", "5", "6");
		assertThat(this.bed.run(everything.runId())).containsEntry("skip_done", false)
			.containsEntry("rows_already_done", 0L);
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.filteredOn("A red mug"::equals)
			.hasSize(2);
	}

	@Test
	void aCsvFileRunWithSkipDoneLoadsOnlyRowsNotDoneByEarlierRunsOrTheirResubmissions() throws IOException {
		// given: a run of a file with a refused row, and its resubmission that succeeds
		// it
		Path file = this.temp.resolve("catalog-" + this.suffix + ".csv");
		write(file, """
				id,prompt,model
				ok,A red square,dall-e-2
				rejected,A famous actor #reject,dall-e-2
				broken,A blue circle,no-such-model
				""");
		CliInvocation first = generate(file.toString());
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Path edits = this.bed.csv("id,prompt\nrejected,A permitted picture of a harbour\n");
		CliInvocation resubmit = this.bed.cli("resubmit", first.runId(), "--item", "rejected", "--edits",
				edits.toString());
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.run(resubmit.runId())).containsEntry("origin_source", file.toString());

		// when: the file grows, and a run skips done rows
		write(file, """
				id,prompt,model
				ok,A red square,dall-e-2
				rejected,A famous actor #reject,dall-e-2
				broken,A blue circle,no-such-model
				added,A green hill,dall-e-2
				""");
		CliInvocation second = generate(file.toString(), "--skip-done");

		// then: the row the resubmission succeeded counts as done; an invalid row never
		// is
		assertThat(second.exitCode()).as(second.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(this.bed.statusById(second.runId())).isEqualTo(Map.of("added", "SUCCEEDED", "broken", "INVALID"));
		assertThat(this.bed.run(second.runId())).containsEntry("skip_done", true)
			.containsEntry("rows_already_done", 2L);

		// when: without the option, a file's runs load everything
		CliInvocation third = generate(file.toString());

		// then
		assertThat(this.bed.statusById(third.runId())).containsOnlyKeys("ok", "rejected", "broken", "added");
		assertThat(this.bed.run(third.runId())).containsEntry("skip_done", false)
			.containsEntry("rows_already_done", 0L);
	}

	@Test
	void anS3ObjectRunWithSkipDoneLoadsOnlyRowsNotDoneForThatObject() {
		// given
		String key = "nightly/" + this.suffix + ".csv";
		String object = this.bed.s3Object(INPUT_BUCKET, key, "id,prompt,model\na,A kite,dall-e-2\nb,A boat,dall-e-2\n");
		CliInvocation first = generate(object, "--skip-done");
		assertThat(this.bed.statusById(first.runId())).isEqualTo(Map.of("a", "SUCCEEDED", "b", "SUCCEEDED"));

		// when
		this.bed.s3Object(INPUT_BUCKET, key,
				"id,prompt,model\na,A kite,dall-e-2\nb,A boat,dall-e-2\nc,A cart,dall-e-2\n");
		CliInvocation second = generate(object, "--skip-done");

		// then
		assertThat(second.exitCode()).as(second.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.statusById(second.runId())).isEqualTo(Map.of("c", "SUCCEEDED"));
		assertThat(this.bed.run(second.runId())).containsEntry("rows_already_done", 2L);
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("A kite", "A boat", "A cart");
	}

	@Test
	void anEstimateWithSkipDoneLeavesOutTheRowsARunOfTheSameFileSucceededAndSaysHowMany() throws IOException {
		// given: a run of a file, which then grows by two rows
		Path file = this.temp.resolve("growing.csv");
		Files.writeString(file, "id,prompt\na,A kite\nb,A boat\nc,A cart\n");
		CliInvocation generate = this.bed.cli("generate", file.toString(), "--model", "dall-e-2", "--size", "256x256");
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		Files.writeString(file, "id,prompt\na,A kite\nb,A boat\nc,A cart\nd,A drum\ne,An egg\n");

		// when
		CliInvocation json = this.bed.cli("estimate", file.toString(), "--model", "dall-e-2", "--size", "256x256",
				"--skip-done", "--format", "json");
		CliInvocation table = this.bed.cli("estimate", file.toString(), "--model", "dall-e-2", "--size", "256x256",
				"--skip-done");
		CliInvocation everything = this.bed.cli("estimate", file.toString(), "--model", "dall-e-2", "--size", "256x256",
				"--no-skip-done", "--format", "json");

		// then
		assertThat(json.exitCode()).as(json.toString()).isEqualTo(Cli.OK);
		JsonNode root = JSON.readTree(json.out());
		assertThat(root.path("rows").path("total").asLong()).isEqualTo(2);
		assertThat(root.path("already_done").asLong()).isEqualTo(3);
		assertThat(root.path("images").asLong()).isEqualTo(2);
		assertThat(table.out()).contains("2 rows · 2 valid").contains("3 rows left out: already done for this source");
		JsonNode all = JSON.readTree(everything.out());
		assertThat(all.path("rows").path("total").asLong()).isEqualTo(5);
		assertThat(all.path("already_done").asLong()).isZero();
	}

	private CliInvocation generate(String source, String... options) {
		List<String> args = new ArrayList<>(List.of("generate", source, "--model", "dall-e-2", "--size", "256x256"));
		args.addAll(List.of(options));
		return this.bed.cli(args.toArray(String[]::new));
	}

	private void insert(String table, int id, String prompt) {
		this.bed.jdbc().sql("INSERT INTO %s (id, prompt) VALUES (?, ?)".formatted(table)).params(id, prompt).update();
	}

	private static void write(Path file, String content) throws IOException {
		Files.writeString(file, content, StandardCharsets.UTF_8);
	}

}
