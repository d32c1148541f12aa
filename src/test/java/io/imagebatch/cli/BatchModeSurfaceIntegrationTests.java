package io.imagebatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.BrowserSession;
import io.imagebatch.testsupport.DashboardBrowser;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.FormSession;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.imagebatch.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sees of provider batch mode, against {@code serve} in a process of its own
 * and the real database: the mode asked for on the command line and over the API, a
 * batch-mode run waiting on the provider as {@code status} (here and through the server),
 * the API and the dashboard show it, and what its batch calls saved. The run waiting on
 * the provider is written by SQL, as the batch driver would leave it: its items IN_FLIGHT
 * in a submitted provider batch, its owner a worker that beats.
 */
class BatchModeSurfaceIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-5";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-6";

	/** A batch id with an escape sequence: the provider's text is never printed raw. */
	private static final String HOSTILE_BATCH_ID = "batch_open\u001B[2Jx";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static String waitingRun;

	private static String workerId;

	@BeforeAll
	static void serveABatchRunWaitingOnTheProvider() {
		bed = new GatewayTestBed(temp, "batch-surface-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		long unique = System.nanoTime() % 100_000;
		waitingRun = "20261203-2100%02d-%04x".formatted(unique % 60, unique % 0x10000);
		workerId = "batch-surface-worker-" + unique;
		aBatchRunWaitingOnTheProvider(bed.jdbc(), waitingRun, workerId);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			// nobody is to adopt it once its pretend owner stops beating, nor the batch
			// runs the tests submitted: the serve of a later test would take them
			bed.jdbc()
				.sql("UPDATE run SET status = 'STOPPED', ended_at = now() WHERE (id = ? OR mode = 'batch') "
						+ "AND status IN ('QUEUED', 'RUNNING')")
				.param(waitingRun)
				.update();
			bed.jdbc().sql("UPDATE worker SET ended_at = now(), beat_at = now() WHERE id = ?").param(workerId).update();
			bed.close();
		}
	}

	@Test
	void statusShowsTheModeWhatTheProviderDidAndTheSavingHereAndThroughTheServer() {
		// when
		CliInvocation local = bed.cli("status", waitingRun);
		CliInvocation remote = invoke(Map.of(ServerOptions.PASSWORD, OPS_PASSWORD), "status", waitingRun, "--server",
				serve.base().toString(), "--user", "ops");

		// then: both print the same, the provider's text made printable
		for (CliInvocation status : new CliInvocation[] { local, remote }) {
			assertThat(status.exitCode()).as(status.toString()).isZero();
			assertThat(status.out()).contains("Mode     batch")
				.contains("$0.020000 saved against synchronous prices")
				.contains("WAITING on provider: 1 batch, 1 of 2 requests done")
				.containsPattern("PART +BATCH ID +PROVIDER STATUS +DONE/FAILED/TOTAL +LINES")
				.containsPattern("2 +batch_open.*x +in_progress +1/0/2 +2")
				.containsPattern("1 +batch_ended +completed +1/0/1 +1")
				.doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F]");
		}
	}

	@Test
	void theApiShowsABatchRunsModeItsBatchesAndWhatItSaved() {
		// when
		JsonNode run = ApiClient.json(ops.get("/api/runs/" + waitingRun));
		JsonNode report = ApiClient.json(ops.get("/api/runs/" + waitingRun + "/report"));
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		JsonNode costs = ApiClient
			.json(ops.get("/api/costs?from=" + today + "&to=" + today + "&groupBy=model&zone=UTC"));

		// then
		assertThat(run.get("mode").asString()).isEqualTo("batch");
		assertThat(run.get("saved_usd").asString()).isEqualTo("0.020000");
		assertThat(run.get("batches")).hasSize(2);
		JsonNode open = run.get("batches").get(1);
		assertThat(open.get("part").asInt()).isEqualTo(2);
		assertThat(open.get("batch_id").asString()).isEqualTo(HOSTILE_BATCH_ID);
		assertThat(open.get("provider_status").asString()).isEqualTo("in_progress");
		assertThat(open.get("state").asString()).isEqualTo("SUBMITTED");
		assertThat(open.get("lines").asInt()).isEqualTo(2);
		assertThat(open.get("completed").asInt()).isEqualTo(1);
		assertThat(open.get("total").asInt()).isEqualTo(2);
		assertThat(open.get("last_error").asString()).isEqualTo("HTTP 503 while polling");
		assertThat(open.has("submitted_at")).isTrue();
		assertThat(report.get("mode").asString()).isEqualTo("batch");
		assertThat(report.get("saved_usd").asString()).isEqualTo("0.020000");
		assertThat(report.get("cost_by_model").get(0).get("mode").asString()).isEqualTo("batch");
		assertThat(costs.get("models").valueStream().filter((line) -> line.get("mode").asString().equals("batch")))
			.isNotEmpty();
		assertThat(new java.math.BigDecimal(costs.get("saved_usd").asString()))
			.isGreaterThanOrEqualTo(new java.math.BigDecimal("0.02"));
	}

	@Test
	void aSynchronousRunHasNoBatchesInTheApi() {
		// given
		String created = ApiClient
			.json(ops.post("/api/runs", "{\"rows\": [{\"prompt\": \"A kite\", \"model\": \"dall-e-2\", "
					+ "\"size\": \"256x256\"}], \"mode\": \"sync\"}"))
			.get("id")
			.asString();

		// when
		JsonNode run = ops.awaitEnd(created);

		// then
		assertThat(run.get("mode").asString()).isEqualTo("sync");
		assertThat(run.has("batches")).isFalse();
		assertThat(run.has("saved_usd")).isFalse();
	}

	@Test
	void theApiTakesBatchModeAndRefusesAnyOtherNamingTheField() {
		// when
		HttpResponse<String> batch = ops.post("/api/runs",
				"{\"rows\": [{\"prompt\": \"A kite\"}], \"mode\": \"BATCH\"}");
		HttpResponse<String> turbo = ops.post("/api/runs",
				"{\"rows\": [{\"prompt\": \"A kite\"}], \"mode\": \"turbo\"}");

		// then
		assertThat(batch.statusCode()).as(batch.body()).isIn(201, 202);
		assertThat(ApiClient.json(batch).get("mode").asString()).isEqualTo("batch");
		assertProblem(turbo, 400, "usage").containsEntry("field", "mode");
		assertThat(ApiClient.json(turbo).get("detail").asString()).contains("sync", "batch", "turbo");
	}

	@Test
	void submitTakesModeHereAndThroughTheServerAndABadOneExitsWithTheOptionNamed() {
		// given
		Path csv = bed.csv("id,prompt,model,size\na,A kite,dall-e-2,256x256\n");

		// when
		CliInvocation bad = bed.cli("submit", csv.toString(), "--mode", "turbo");
		CliInvocation local = bed.cli("submit", csv.toString(), "--mode", "batch");
		CliInvocation remote = invoke(Map.of(ServerOptions.PASSWORD, OPS_PASSWORD), "submit", csv.toString(), "--mode",
				"batch", "--server", serve.base().toString(), "--user", "ops");

		// then
		assertThat(bad.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(bad.err()).contains("--mode").contains("'turbo' is not sync or batch");
		assertThat(local.exitCode()).as(local.toString()).isZero();
		assertThat(bed.run(local.out().strip())).containsEntry("mode", "batch");
		assertThat(remote.exitCode()).as(remote.toString()).isZero();
		assertThat(bed.run(remote.out().strip())).containsEntry("mode", "batch");
	}

	@Test
	void theDashboardShowsABatchBadgeTheProviderBatchesAndTheSaving() {
		// given
		FormSession viewer = new FormSession(serve.base(), "viewer", VIEWER_PASSWORD);

		// when
		String runs = viewer.get("/?q=" + waitingRun).body();
		String page = viewer.get("/runs/" + waitingRun).body();

		// then
		assertThat(runs).contains("class=\"badge batch\"");
		assertThat(page)
			.contains("Provider batches", "Waiting on the provider:", "1 batch, 1 of 2 requests done", "in_progress",
					"batch_ended", "HTTP 503 while polling", "At the provider")
			.contains("saved against synchronous prices")
			.contains("at half price within 24 hours")
			.doesNotContain("\u001B");
	}

	@Test
	void theBatchRunsPagesPassTheBrowsersChecksAndLeaveScreenshots() {
		try (DashboardBrowser browser = DashboardBrowser.launch();
				BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			// when
			session.page().navigate("/?q=" + waitingRun);
			session.screenshots("batch-runs");
			session.page().navigate("/runs/" + waitingRun);
			session.screenshots("batch-run");
			session.page().navigate("/costs");
			session.screenshots("batch-costs");
			session.page().navigate("/schedules/new");
			session.screenshot("batch-schedule-form");

			// then
			assertThat(session.page().locator("#mode option").allTextContents()).containsExactly(
					"The gateway's setting", "Synchronously, one call per item",
					"In provider batches: half price, within 24 hours");
			assertThat(session.errors()).isEmpty();
		}
	}

	/**
	 * A RUNNING batch-mode run of three items: one answered in part 1 (ended), two in
	 * part 2 at the provider, one of them done as the provider counts. Its owner beats
	 * far ahead, so that no serve adopts it.
	 */
	private static void aBatchRunWaitingOnTheProvider(JdbcClient jdbc, String runId, String worker) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		jdbc.sql("""
				INSERT INTO worker (id, host, pid, kind, started_at, beat_at)
				VALUES (?, 'elsewhere', 999999, 'worker', now(), now() + interval '1 day')
				""").params(worker).update();
		jdbc.sql("""
				INSERT INTO run (id, name, source, origin_source, gateway, status, concurrency, created_at, started_at,
					owner, mode)
				VALUES (?, 'half-price catalog', 'prompts.csv', 'prompts.csv', 'sim', 'RUNNING', 4, ?, ?, ?, 'batch')
				""").params(runId, Timestamp.from(now), Timestamp.from(now), worker).update();
		long ended = part(jdbc, runId, 1, "ENDED", "batch_ended", "completed", 1, 1, 1, null, now);
		long open = part(jdbc, runId, 2, "SUBMITTED", HOSTILE_BATCH_ID, "in_progress", 2, 2, 1,
				"HTTP 503 while polling", now);
		long answered = item(jdbc, runId, "a", 1, "SUCCEEDED", ended, now);
		item(jdbc, runId, "b", 2, "IN_FLIGHT", open, now);
		item(jdbc, runId, "c", 3, "IN_FLIGHT", open, now);
		jdbc.sql("""
				INSERT INTO cost_entry (run_id, item_id, model, size, quality, images, basis, usd, created_at, mode)
				VALUES (?, ?, 'dall-e-3', '1024x1024', 'standard', 1, 'catalog', 0.02, ?, 'batch')
				""").params(runId, answered, Timestamp.from(now)).update();
	}

	private static long part(JdbcClient jdbc, String runId, int part, String state, String batchId, String status,
			int lines, int total, int completed, String lastError, Instant now) {
		return jdbc.sql("""
				INSERT INTO provider_batch (run_id, part, gateway, endpoint, filename, state, lines, bytes, batch_id,
					provider_status, total, completed, failed, last_error, created_at, submitted_at, ended_at)
				VALUES (?, ?, 'sim', '/v1/images/generations', ?, ?, ?, 100, ?, ?, ?, ?, 0, ?, ?, ?, ?)
				RETURNING id
				""")
			.params(runId, part, "imagebatch-" + runId + "-part-" + part + ".jsonl", state, lines, batchId, status,
					total, completed, lastError, Timestamp.from(now), Timestamp.from(now),
					state.equals("ENDED") ? Timestamp.from(now) : null)
			.query(Long.class)
			.single();
	}

	private static long item(JdbcClient jdbc, String runId, String id, int line, String status, long part,
			Instant now) {
		return jdbc.sql("""
				INSERT INTO item (run_id, external_id, line, status, prompt, model, size, quality, created_at,
					updated_at, provider_batch_id)
				VALUES (?, ?, ?, ?, 'A kite', 'dall-e-3', '1024x1024', 'standard', ?, ?, ?)
				RETURNING id
				""")
			.params(runId, id, line, status, Timestamp.from(now), Timestamp.from(now),
					status.equals("IN_FLIGHT") ? part : null)
			.query(Long.class)
			.single();
	}

	private static CliInvocation invoke(Map<String, String> environment, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Cli.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new CliInvocation(exitCode, out.toString(), err.toString());
	}

}
