package io.imagebatch.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows written to break the load step or the store (issue 8) end as INVALID items with a
 * line and a reason, cost nothing, and leave the valid rows around them to run: one run
 * over a CSV that mixes them, through the command line, with real PostgreSQL and a
 * file-system-backed S3 server.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileRowsIntegrationTests {

	private static final String BUCKET = "hostile-rows";

	private static final String EMOJI = "\uD83D\uDE80";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		this.gateway = this.bed.gateway("sim", (settings) -> settings);
		this.bed.property("imagebatch.input.max-row-length", "10000");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void everyHostileRowBecomesAnInvalidItemWithoutACallWhileTheValidRowsRun(CapturedOutput logs) {
		// given: each hostile row has its own prompt, so the gateway's ledger tells
		// whether
		// it was called
		Map<String, String> hostile = new LinkedHashMap<>();
		hostile.put("x".repeat(600), "prompt of the 600-character id");
		hostile.put("nul-prompt", "prompt with a NUL\u0000 in it");
		hostile.put("long-user", "prompt of the 500-character user");
		hostile.put("long-model", "prompt of the 250-character model");
		hostile.put("long-size", "prompt of the 25-character size");
		hostile.put("y".repeat(300), "prompt of the 300-character id");
		hostile.put(EMOJI.repeat(60), "prompt of the 60-emoji id");
		hostile.put(EMOJI.repeat(120), "prompt of the 120-emoji id");
		hostile.put("nul-metadata", "prompt of the NUL in a metadata column");
		hostile.put("c1\u0085id", "prompt of the id with a C1 control character");
		hostile.put("huge", "prompt of the 20,000-character row");
		StringBuilder csv = new StringBuilder("id,prompt,model,size,user,category\n");
		csv.append("ok-1,A red kite,dall-e-2,256x256,,toys\n");
		csv.append(row("x".repeat(600), hostile, "dall-e-2", "256x256", "", "toys"));
		csv.append(row("nul-prompt", hostile, "dall-e-2", "256x256", "", "toys"));
		csv.append(row("long-user", hostile, "dall-e-2", "256x256", "u".repeat(500), "toys"));
		csv.append(row("long-model", hostile, "m".repeat(250), "256x256", "", "toys"));
		csv.append(row("long-size", hostile, "dall-e-2", "2".repeat(25), "", "toys"));
		csv.append("ok-2,A white kite,dall-e-2,256x256,,toys\n");
		csv.append(row("y".repeat(300), hostile, "dall-e-2", "256x256", "", "toys"));
		csv.append(row(EMOJI.repeat(60), hostile, "dall-e-2", "256x256", "", "toys"));
		csv.append(row(EMOJI.repeat(120), hostile, "dall-e-2", "256x256", "", "toys"));
		csv.append(row("nul-metadata", hostile, "dall-e-2", "256x256", "", "to\u0000ys"));
		csv.append(row("c1\u0085id", hostile, "dall-e-2", "256x256", "", "toys"));
		// a quoted field of 20,000 characters over 4 lines, twice the row limit
		csv.append("huge,\"").append(hostile.get("huge")).append(" ");
		csv.append(("z".repeat(5_000) + "\n").repeat(4)).append("\",dall-e-2,256x256,,toys\n");
		csv.append("manifest.jsonl,A kite named like the manifest,dall-e-2,256x256,,toys\n");
		csv.append("ok-3,A black kite,dall-e-2,256x256,,toys\n");
		Path input = this.bed.csv(csv.toString());

		// when
		CliInvocation generate = this.bed.cli("generate", input.toString());

		// then the run completed and the valid rows succeeded
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("INVALID", 11L),
				Map.entry("SUCCEEDED", 4L));
		assertThat(statusesById(runId)).containsEntry("ok-1", "SUCCEEDED")
			.containsEntry("ok-2", "SUCCEEDED")
			.containsEntry("ok-3", "SUCCEEDED")
			.containsEntry("manifest.jsonl", "SUCCEEDED");
		// each hostile row is INVALID at its line with a reason that says what is wrong
		assertThat(invalid(runId)).containsExactly(
				List.of(3L, "x".repeat(64) + "…@line3", "id is 600 characters long; it can have at most 255"),
				List.of(4L, "nul-prompt", "prompt contains a NUL byte at character 18"),
				List.of(5L, "long-user", "user is 500 characters long; it can have at most 400"),
				List.of(6L, "long-model", "model is 250 characters long; it can have at most 200"),
				List.of(7L, "long-size", "size is 25 characters long; it can have at most 20"),
				List.of(9L, "y".repeat(64) + "…@line9", "id is 300 characters long; it can have at most 255"),
				List.of(10L, EMOJI.repeat(60),
						"the object key would be too long: its segment {item} would have 720 bytes once"
								+ " percent-encoded; S3 and file-system stores take at most 255"),
				List.of(11L, EMOJI.repeat(120),
						"the object key would be too long: its segment {item} would have 1440 bytes once"
								+ " percent-encoded; S3 and file-system stores take at most 255"),
				List.of(12L, "nul-metadata", "column 'category' contains a NUL byte at character 3"),
				List.of(13L, "c1\uFFFDid…@line13", "id contains a control character (U+0085) at character 3"),
				List.of(14L, "14", "row is longer than 10000 characters (imagebatch.input.max-row-length);"
						+ " lines 14–18 were skipped"));
		// no call was made for them: the gateway saw the valid rows' prompts only
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("A red kite", "A white kite", "A kite named like the manifest", "A black kite");
		// the item named like the manifest has its images beside the manifest, not in its
		// way
		assertThat(objectKeys(runId)).contains(runId + "/manifest.jsonl", runId + "/manifest%2Ejsonl/0.png");
		assertThat(this.bed.run(runId).get("manifest_uri")).isNotNull();
		// and nothing printed or logged quotes a prompt from an SQL statement
		assertThat(generate.out() + generate.err() + logs.getAll()).doesNotContain("INSERT")
			.doesNotContain("prompt of the")
			.doesNotContain("\u0000");
	}

	@Test
	void aRepeatedIdWhoseDerivedIdIsTakenTooGetsAnotherOne() {
		// given: the third row repeats 'a', and the id a repeat on line 4 would get is
		// taken
		Path input = this.bed.csv("""
				id,prompt,model,size
				a@line4,First kite,dall-e-2,256x256
				a,Second kite,dall-e-2,256x256
				a,Third kite,dall-e-2,256x256
				""");

		// when
		CliInvocation generate = this.bed.cli("generate", input.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(statusesById(runId)).containsExactly(Map.entry("a@line4", "SUCCEEDED"), Map.entry("a", "SUCCEEDED"),
				Map.entry("a@line4-2", "INVALID"));
		assertThat(this.bed.item(runId, "a@line4-2")).containsEntry("line", 4L)
			.containsEntry("error_message", "id 'a' is used by an earlier row; ids must be unique within a run");
	}

	private static String row(String id, Map<String, String> prompts, String model, String size, String user,
			String category) {
		return String.join(",", id, "\"" + prompts.get(id) + "\"", model, size, user, category) + "\n";
	}

	private Map<String, String> statusesById(String runId) {
		Map<String, String> statuses = new LinkedHashMap<>();
		this.bed.jdbc()
			.sql("SELECT external_id, status FROM item WHERE run_id = ? ORDER BY line")
			.param(runId)
			.query((rs, row) -> statuses.put(rs.getString(1), rs.getString(2)))
			.list();
		return statuses;
	}

	private List<List<Object>> invalid(String runId) {
		return this.bed.jdbc()
			.sql("SELECT line, external_id, error_message FROM item WHERE run_id = ? AND status = 'INVALID'"
					+ " ORDER BY line")
			.param(runId)
			.query((rs, row) -> List.<Object>of(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	private List<String> objectKeys(String runId) {
		return this.bed.s3()
			.listObjectsV2((request) -> request.bucket(BUCKET).prefix(runId + "/"))
			.contents()
			.stream()
			.map((object) -> object.key())
			.toList();
	}

}
