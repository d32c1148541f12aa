package io.imagebatch.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.imagebatch.cli.Cli;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ScriptedGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that answers with hostile text (escape sequences, the caller's own key, codes
 * and messages of any length) over real HTTP, next to a well-behaved one, and everything
 * the product keeps or shows of it: the items, the run, the manifest, the command line's
 * output and the log.
 */
class HostileAnswersIntegrationTests {

	/**
	 * Control characters other than a tab or a line break: what a terminal would obey.
	 */
	private static final String RAW_CONTROLS = "[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E]";

	private static final String KEY = GatewayTestBed.API_KEY;

	/** Enough of the key to matter, and not in its masked form. */
	private static final String KEY_FRAGMENT = KEY.substring(8, 20);

	private static final String FAKE_SUCCESS = "Rejected\u001B[2J\u001B[H\u001B[1A\u001B[2K\r"
			+ "Run COMPLETED: all items SUCCEEDED\u009B0m\u202E";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private ScriptedGateway hostile;

	@BeforeEach
	void gateways() {
		this.bed = new GatewayTestBed(this.temp, "hostile-tests");
		this.bed.gateway("good", (settings) -> settings);
		this.hostile = ScriptedGateway.start();
		this.bed.property("imagebatch.gateways.hostile.base-url", this.hostile.baseUri().toString())
			.property("imagebatch.gateways.hostile.api-key", KEY)
			.property("imagebatch.default-gateway", "good");
	}

	@AfterEach
	void close() {
		this.hostile.close();
		this.bed.close();
	}

	@Test
	void escapeSequencesInAnAnswerOrARowReachNoTerminal() {
		// given: a message that clears the screen and draws a success line, and a row id
		// that sets the terminal's title (refused at load, but shown among the failures)
		this.hostile.answer("#ansi", 400, ScriptedGateway.error("policy\u001B[31m", FAKE_SUCCESS));
		Path csv = csv("kite\u001B]0;pwned\u0007", "A red kite", "good", "ansi", "A kite #ansi", "hostile", "ok-1",
				"A red kite", "good");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());
		CliInvocation failures = this.bed.cli("failures", generate.runId());
		CliInvocation status = this.bed.cli("status", generate.runId());
		CliInvocation json = this.bed.cli("report", generate.runId(), "--format", "json");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		for (CliInvocation printed : List.of(generate, failures, status, json)) {
			assertThat(printed.out() + printed.err()).as(printed.toString()).doesNotContainPattern(RAW_CONTROLS);
		}
		assertThat(failures.out()).contains("Rejected Run COMPLETED: all items SUCCEEDED").contains("kite");
		assertThat(manifest(generate.runId())).doesNotContainPattern(RAW_CONTROLS).contains("\\u001B[2J");
	}

	@Test
	void aKeyTheGatewayEchoesInARejectionIsMaskedWhereverTheFailureGoes() {
		// given
		this.hostile.answer("#echo", 400, ScriptedGateway.error("invalid_request",
				"Header 'Authorization: Bearer " + KEY + "' is not allowed, nor is " + KEY.substring(0, 16)));
		Path csv = csv("echo", "A kite #echo", "hostile", "ok-1", "A red kite", "good");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());
		CliInvocation failures = this.bed.cli("failures", generate.runId());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Map<String, Object> item = this.bed.item(generate.runId(), "echo");
		assertThat(item).containsEntry("status", "FAILED").containsEntry("error_type", "REJECTED");
		assertThat((String) item.get("error_message")).doesNotContain(KEY_FRAGMENT)
			.isEqualTo("Header 'Authorization: Bearer sk-…cdef' is not allowed, nor is sk-…cdef");
		assertThat(generate.out() + generate.err() + failures.out()).doesNotContain(KEY_FRAGMENT).contains("sk-…cdef");
		assertThat(manifest(generate.runId())).doesNotContain(KEY_FRAGMENT);
	}

	@Test
	void aKeyTheGatewayEchoesWhenItRefusesItIsMaskedInTheRunsReasonItsOutputAndTheLog() {
		// given
		this.hostile.answer("#refuse", 401,
				ScriptedGateway.error("invalid_api_key", "Incorrect API key provided: " + KEY + "\u001B[2J"));
		Path csv = csv("refused", "A kite #refuse", "hostile");

		// when
		Captured<CliInvocation> generate = capturingTheLog(() -> this.bed.cli("generate", csv.toString()));
		CliInvocation status = this.bed.cli("status", generate.result().runId());

		// then
		assertThat(generate.result().exitCode()).as(generate.result().toString()).isEqualTo(Cli.RUN_FAILED);
		Map<String, Object> run = this.bed.run(generate.result().runId());
		assertThat(run).containsEntry("status", "FAILED");
		assertThat((String) run.get("status_reason")).doesNotContain(KEY_FRAGMENT)
			.contains("401 invalid_api_key: Incorrect API key provided: sk-…cdef");
		String printed = generate.result().out() + generate.result().err() + status.out() + generate.log();
		assertThat(printed).doesNotContain(KEY_FRAGMENT).doesNotContainPattern(RAW_CONTROLS).contains("sk-…cdef");
		assertThat(manifest(generate.result().runId())).doesNotContain(KEY_FRAGMENT);
	}

	@Test
	void anOverlongCodeAHugeMessageAndANulFailOnlyTheirItemsWithWhatFits() {
		// given
		this.hostile.answer("#longcode", 400, ScriptedGateway.error("c".repeat(300), "a code of 300 characters"))
			.answer("#huge", 400, ScriptedGateway.error("huge", "m".repeat(5_000_000)))
			.answer("#nul", 400, ScriptedGateway.error("nul\u0000code", "a message with a \u0000 in it"));
		Path csv = csv("long-code", "A kite #longcode", "hostile", "huge", "A kite #huge", "hostile", "nul",
				"A kite #nul", "hostile", "ok-1", "A red kite", "good", "ok-2", "A blue kite", "good");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());
		CliInvocation failures = this.bed.cli("failures", generate.runId());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("FAILED", 3L), Map.entry("SUCCEEDED", 2L));
		assertThat((String) this.bed.item(runId, "long-code").get("error_code")).hasSize(200).endsWith("c…");
		assertThat((String) this.bed.item(runId, "huge").get("error_message")).hasSize(2_000).endsWith("m…");
		assertThat(this.bed.item(runId, "nul")).containsEntry("error_code", "nulcode")
			.containsEntry("error_message", "a message with a  in it");
		assertThat(generate.out().length() + failures.out().length()).isLessThan(20_000);
	}

	@Test
	void aGatewayThatAnswers429ForeverFailsOnlyItsItemOnceTheLongestRateLimitWaitIsSpent() {
		// given
		this.hostile.answer("#forever", 429, ScriptedGateway.error("rate_limit_exceeded", "Slow down"),
				"retry-after-ms", "20");
		this.bed.property("imagebatch.run.max-rate-limit-wait", "300ms");
		Path csv = csv("forever", "A kite #forever", "hostile", "ok-1", "A red kite", "good");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(this.bed.itemsByStatus(generate.runId())).containsExactly(Map.entry("FAILED", 1L),
				Map.entry("SUCCEEDED", 1L));
		Map<String, Object> item = this.bed.item(generate.runId(), "forever");
		assertThat(item).containsEntry("error_type", "TRANSIENT").containsEntry("error_code", "rate_limit_exceeded");
		assertThat((String) item.get("error_message")).startsWith("Rate limited (HTTP 429) for 300ms in all")
			.endsWith("Slow down");
		assertThat(this.hostile.calls()).isBetween(2, 20);
	}

	private Path csv(String... idPromptGateway) {
		StringBuilder csv = new StringBuilder("id,prompt,model,size,response_format,gateway\n");
		for (int i = 0; i < idPromptGateway.length; i += 3) {
			csv.append(quoted(idPromptGateway[i]))
				.append(',')
				.append(quoted(idPromptGateway[i + 1]))
				.append(",dall-e-2,256x256,b64_json,")
				.append(idPromptGateway[i + 2])
				.append('\n');
		}
		return this.bed.csv(csv.toString());
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private String manifest(String runId) {
		String uri = (String) this.bed.run(runId).get("manifest_uri");
		assertThat(uri).as("manifest of run " + runId).isNotNull();
		String[] bucketAndKey = uri.substring("s3://".length()).split("/", 2);
		return this.bed.s3()
			.getObjectAsBytes((request) -> request.bucket(bucketAndKey[0]).key(bucketAndKey[1]))
			.asString(StandardCharsets.UTF_8);
	}

	/** Runs the command with the process's stderr, where the log goes, captured. */
	private static <T> Captured<T> capturingTheLog(Supplier<T> command) {
		PrintStream realErr = System.err;
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
		try {
			T result = command.get();
			return new Captured<>(result, log.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setErr(realErr);
		}
	}

	private record Captured<T>(T result, String log) {

	}

}
