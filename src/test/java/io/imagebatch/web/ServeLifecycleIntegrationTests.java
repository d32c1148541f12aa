package io.imagebatch.web;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.ChildImagebatch;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.imagebatch.testsupport.ServeProcess;
import io.imagebatch.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.imagebatch.testsupport.SampleRows.MIXED;
import static io.imagebatch.testsupport.SampleRows.TWO_ROWS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} as a process: it refuses to start without a user, lets a demo in with a
 * one-time password, tells the truth about its readiness and its work in metrics, and
 * winds down on SIGTERM with its calls stored.
 */
class ServeLifecycleIntegrationTests {

	private static final String PASSWORD = "ops-Secret-pass-3";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private TcpProxy database;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, "serve-life");
		this.bed.gateway("sim", (settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ZERO));
		// the database is reached through a proxy the test can cut
		URI jdbc = URI.create(this.bed.properties().get("spring.datasource.url").substring("jdbc:".length()));
		this.database = TcpProxy.to(jdbc.getHost(), jdbc.getPort());
		this.bed.property("spring.datasource.url",
				"jdbc:postgresql://127.0.0.1:" + this.database.port() + jdbc.getPath());
		this.bed.property("spring.datasource.hikari.connection-timeout", "2000");
		this.bed.property("management.endpoint.health.group.readiness.include", "readinessState,db");
		settleLeftOverRuns();
	}

	/**
	 * The database is shared by every test: a run left RUNNING (by the SIGTERM test, on
	 * purpose) would be adopted by the next serve and counted in its metrics.
	 */
	private void settleLeftOverRuns() {
		boolean migrated = this.bed.jdbc().sql("SELECT to_regclass('run') IS NOT NULL").query(Boolean.class).single();
		if (!migrated) {
			return;
		}
		this.bed.jdbc()
			.sql("UPDATE run SET status = 'FAILED', owner = NULL, version = version + 1 WHERE status IN ('QUEUED', 'RUNNING')")
			.update();
	}

	@AfterEach
	void close() {
		settleLeftOverRuns();
		this.database.close();
		this.bed.close();
	}

	@Test
	void refusesToStartWithoutAUserAndSaysHowToAddOne() {
		ChildImagebatch serve = ChildImagebatch.start(this.temp, this.bed.properties(), "serve");

		int exit = serve.waitFor();

		assertThat(exit).as(serve.stderr()).isEqualTo(1);
		assertThat(serve.stderr()).contains("no user can log in")
			.contains("imagebatch.security.users.ops.password={bcrypt}")
			.contains("serve --demo");
	}

	@Test
	void aDemoLetsItsUserInWithAOneTimePasswordItPrintsOnce() {
		try (ServeProcess serve = ServeProcess.start(this.temp, this.bed.properties(), "--demo")) {
			Matcher printed = Pattern.compile("Log in as 'demo' with password (\\S+)")
				.matcher(serve.process().stdout());
			assertThat(printed.find()).as(serve.process().stdout()).isTrue();
			String password = printed.group(1);

			ApiClient demo = ApiClient.anonymous(serve.base()).as("demo", password);
			HttpResponse<String> submitted = demo.post("/api/runs",
					"{\"rows\": [{\"prompt\": \"A demo picture\", \"model\": \"dall-e-2\", \"size\": \"256x256\"}]}");

			assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
			assertThat(ApiClient.anonymous(serve.base()).as("demo", "guess").get("/api/runs").statusCode())
				.isEqualTo(401);
			// shown once, on stdout only: not in the log
			assertThat(serve.process().stderr()).doesNotContain(password);
		}
	}

	@Test
	void metricsCountWhatTheReportSaysAndNameNoRun() {
		try (ServeProcess serve = ServeProcess.start(this.temp, withUser())) {
			// given
			ApiClient ops = ApiClient.anonymous(serve.base()).as("ops", PASSWORD);
			String id = ApiClient
				.json(ops.upload("/api/runs", MIXED.getBytes(StandardCharsets.UTF_8), "text/csv", Map.of()))
				.get("id")
				.asString();
			ops.awaitEnd(id);
			JsonNode report = ApiClient.json(ops.get("/api/runs/" + id + "/report"));

			// when
			HttpResponse<String> scrape = ops.get("/actuator/prometheus");

			// then
			assertThat(scrape.statusCode()).isEqualTo(200);
			String metrics = scrape.body();
			assertThat(sum(metrics, "imagebatch_images_total")).isEqualByComparingTo(report.get("images").asString());
			assertThat(sum(metrics, "imagebatch_cost_usd_total").setScale(6, java.math.RoundingMode.HALF_UP))
				.isEqualByComparingTo(report.get("cost_usd").asString());
			assertThat(sum(metrics, "imagebatch_calls_total{", "outcome=\"rejected\"")).isEqualByComparingTo("1");
			assertThat(metrics).contains("imagebatch_items{", "imagebatch_runs{", "imagebatch_call_seconds_bucket")
				.doesNotContain(id)
				.doesNotContain("forbidden");
			assertThat(ApiClient.anonymous(serve.base()).get("/actuator/prometheus").statusCode()).isEqualTo(401);
		}
	}

	@Test
	void readinessIsDownWhileTheDatabaseIsUnreachableAndLivenessStaysUpAndWorkGoesOnAfter() {
		try (ServeProcess serve = ServeProcess.start(this.temp, withUser())) {
			ApiClient anonymous = ApiClient.anonymous(serve.base());
			assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

			this.database.cut();

			Polling.until(Duration.ofSeconds(30), () -> anonymous.get("/actuator/health/readiness").statusCode() == 503,
					() -> "readiness to go down");
			assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

			this.database.restore();

			Polling.until(Duration.ofSeconds(30), () -> anonymous.get("/actuator/health/readiness").statusCode() == 200,
					() -> "readiness to come back");
			// the worker's claims failed all the while: it still has every slot to work
			// with
			ApiClient ops = anonymous.as("ops", PASSWORD);
			String runId = ops.submit(TWO_ROWS, Map.of());
			assertThat(ops.awaitEnd(runId, Duration.ofSeconds(60)).get("status").asString()).isEqualTo("COMPLETED");
		}
	}

	@Test
	void onSigtermItStoresItsCallsInFlightHandsItsRunOverAndExitsZero() {
		ServeProcess serve = ServeProcess.start(this.temp, withUser());
		// given: a run with calls in flight in this serve
		ApiClient ops = ApiClient.anonymous(serve.base()).as("ops", PASSWORD);
		StringBuilder rows = new StringBuilder("prompt,model,size\n");
		for (int row = 0; row < 40; row++) {
			rows.append("A picture at the end ").append(row).append(",dall-e-2,256x256\n");
		}
		String id = ApiClient.json(ops.upload("/api/runs", rows.toString().getBytes(StandardCharsets.UTF_8), "text/csv",
				Map.of("concurrency", "4")))
			.get("id")
			.asString();
		Polling.until(Duration.ofSeconds(60), () -> count(id, "SUCCEEDED") >= 2 && count(id, "IN_FLIGHT") > 0,
				() -> "calls in flight");

		// when
		int exit = serve.process().terminate();

		// then
		assertThat(exit).as(serve.process().stderr()).isZero();
		assertThat(count(id, "IN_FLIGHT")).isZero();
		Map<String, Object> run = this.bed.run(id);
		assertThat(run.get("status")).isEqualTo("RUNNING");
		assertThat(run.get("owner")).as("handed over for another worker to adopt").isNull();
		assertThat(count(id, "PENDING") + count(id, "SUCCEEDED")).isEqualTo(40);
	}

	private Map<String, String> withUser() {
		return this.bed.user("ops", PASSWORD, "OPERATOR").properties();
	}

	private long count(String runId, String status) {
		return this.bed.itemsByStatus(runId).getOrDefault(status, 0L);
	}

	/**
	 * The sum of every sample of a metric whose line starts with the given text and holds
	 * the given labels.
	 */
	private static BigDecimal sum(String scrape, String prefix, String... labels) {
		return scrape.lines()
			.filter((line) -> line.startsWith(prefix) && java.util.Arrays.stream(labels).allMatch(line::contains))
			.map((line) -> new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

}
