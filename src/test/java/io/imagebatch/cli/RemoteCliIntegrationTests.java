package io.imagebatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.imagebatch.ImagebatchApplication;
import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a client of a running {@code serve} ({@code --server URL}): the
 * same output and exit codes as the commands run on the database, through the REST API
 * over real HTTP, with no Spring started on the client's side.
 */
class RemoteCliIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-2";

	/** Two good rows, one the gateway rejects, one invalid (n=2 for dall-e-3). */
	private static final String MIXED = """
			id,prompt,model,size,n
			good-1,A red bicycle,dall-e-2,256x256,1
			good-2,A blue kettle,dall-e-2,256x256,1
			rejected,A forbidden #reject picture,dall-e-2,256x256,1
			invalid,Two lighthouses,dall-e-3,1024x1024,2
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Classes that only a booting application, a database or S3 would load. */
	private static final List<String> STARTED_ONLY_BY_AN_APPLICATION = List.of(
			"org.springframework.boot.SpringApplicationRunListeners", "org.springframework.boot.Banner",
			"org.springframework.context.support.", "org.springframework.beans.factory.support.",
			"org.springframework.jdbc", "org.flywaydb", "org.postgresql", "io.zonky", "software.amazon.awssdk",
			"io.imagebatch.embedded", "ch.qos.logback");

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	/** The MIXED rows run through the server, ended. */
	private static String mixedRun;

	@BeforeAll
	static void serve() {
		bed = new GatewayTestBed(temp, "remote-cli-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.gateway("slow", (settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ZERO));
		bed.property("imagebatch.gateways.slow.max-concurrency", "2");
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		bed.property("imagebatch.web.event-interval", "100ms");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		CliInvocation submitted = remote("submit", bed.csv(MIXED).toString());
		mixedRun = submitted.out().strip();
		remote("wait", mixedRun);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void submitsALocalCsvAndWaitsForItWithTheSummaryAndExitCodeOfGenerate() {
		// given
		Path csv = bed.csv(MIXED);
		CliInvocation generate = bed.cli("generate", csv.toString());
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);

		// when
		CliInvocation submit = remote("submit", csv.toString());
		String runId = submit.out().strip();
		CliInvocation wait = remote("wait", runId);

		// then
		assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(Cli.OK);
		assertThat(runId).matches("\\S+");
		assertThat(submit.err()).contains("Run " + runId + " is QUEUED");
		assertThat(wait.exitCode()).as(wait.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(wait.out().replace(runId, "<run>")).isEqualTo(generate.out().replace(generate.runId(), "<run>"));
	}

	@Test
	void readsRunsStatusReportsAndFailuresAsTheLocalCommandsPrintThem() {
		for (List<String> command : List.of(List.of("status", mixedRun), List.of("report", mixedRun),
				List.of("report", mixedRun, "--format", "csv"), List.of("report", mixedRun, "--format", "json"),
				List.of("failures", mixedRun), List.of("failures", mixedRun, "--error-type", "INVALID"),
				List.of("runs", "--limit", "3"))) {
			// when
			CliInvocation local = bed.cli(command.toArray(String[]::new));
			CliInvocation remote = remote(command.toArray(String[]::new));

			// then
			assertThat(remote.exitCode()).as(command + ": " + remote).isEqualTo(Cli.OK);
			assertThat(remote.out()).as(command.toString()).isEqualTo(local.out());
		}
		CliInvocation runs = remote("runs", "--limit", "3");
		assertThat(runs.out()).startsWith("RUN ");
		assertThat(runs.out().lines()).hasSizeBetween(2, 4);
		CliInvocation failures = remote("failures", mixedRun);
		assertThat(failures.out()).contains("rejected").contains("REJECTED").contains("invalid").contains("INVALID");
	}

	@Test
	void printsTheReportAsTheApiAnswersIt() {
		// when
		CliInvocation report = remote("report", mixedRun, "--format", "json");

		// then
		assertThat(report.exitCode()).as(report.toString()).isEqualTo(Cli.OK);
		JsonNode api = ApiClient.json(ops.get("/api/runs/" + mixedRun + "/report"));
		assertThat(JSON.readTree(report.out())).isEqualTo(api);
		assertThat(report.out().strip().lines()).hasSize(1);
	}

	@Test
	void stopsRestartsAndResubmitsThroughTheServer() {
		// given: a run slow enough to be stopped while it runs
		String runId = remote("submit", bed.rows(30, "dall-e-2", "256x256", "url").toString(), "--gateway", "slow")
			.out()
			.strip();
		Polling.until(Duration.ofSeconds(60), () -> {
			JsonNode run = ApiClient.json(ops.get("/api/runs/" + runId));
			return run.get("status").asString().equals("RUNNING") && run.get("items").get("succeeded").asLong() > 0;
		}, () -> "run " + runId + " to run");

		// when
		CliInvocation stop = remote("stop", runId);
		CliInvocation stopped = remote("wait", runId);
		CliInvocation restart = remote("restart", runId);
		CliInvocation resubmit = remote("resubmit", mixedRun, "--item", "rejected", "--set",
				"prompt=A permitted picture");

		// then
		assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(Cli.OK);
		assertThat(stop.out()).startsWith("Stop requested for run " + runId);
		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat(stopped.out()).contains("Run " + runId + "  STOPPED");
		assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(Cli.OK);
		assertThat(restart.err()).contains("Run " + runId + ": restarting (");
		assertThat(restart.out()).contains("Run " + runId + "  COMPLETED").contains("30 succeeded");
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.OK);
		assertThat(resubmit.err()).containsPattern("Run \\S+: resubmits 1 failed items of run " + mixedRun);
		assertThat(resubmit.out()).contains("Resubmits failed items of run " + mixedRun).contains("1 succeeded");
	}

	@Test
	void refusalsAreUsageErrorsWithTheServersReason() {
		// when
		CliInvocation noSuchRun = remote("status", "20000101-000000-dead");
		CliInvocation notRunning = remote("stop", mixedRun);
		CliInvocation viewerStops = invoke(Map.of(ServerOptions.PASSWORD, VIEWER_PASSWORD), "stop", mixedRun,
				"--server", serve.base().toString(), "--user", "viewer");

		// then
		assertThat(noSuchRun.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(noSuchRun.err()).contains("no run '20000101-000000-dead'; 'runs' lists them");
		assertThat(notRunning.exitCode()).as(notRunning.toString()).isEqualTo(Cli.USAGE);
		assertThat(notRunning.err()).contains(mixedRun);
		assertThat(viewerStops.exitCode()).as(viewerStops.toString()).isEqualTo(Cli.USAGE);
		assertThat(viewerStops.err()).contains("OPERATOR").contains(ServerOptions.HOW_TO_LOG_IN);
	}

	@Test
	void aWrongPasswordIsAUsageErrorThatSaysHowToLogInWithoutShowingIt() {
		// when
		String wrong = "not-the-Password-9";
		CliInvocation refused = invoke(Map.of(ServerOptions.PASSWORD, wrong), "runs", "--server",
				serve.base().toString(), "--user", "ops");
		CliInvocation anonymous = invoke(Map.of(), "runs", "--server", serve.base().toString());
		CliInvocation noPassword = invoke(Map.of(), "runs", "--server", serve.base().toString(), "--user", "ops");

		// then
		assertThat(refused.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(refused.err()).contains("did not accept the login")
			.contains("log in: --user NAME with IMAGEBATCH_PASSWORD, or IMAGEBATCH_TOKEN");
		assertThat(refused.toString()).doesNotContain(wrong);
		assertThat(anonymous.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(anonymous.err()).contains("needs a login").contains(ServerOptions.HOW_TO_LOG_IN);
		assertThat(noPassword.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(noPassword.err()).contains("IMAGEBATCH_PASSWORD");
	}

	@Test
	void aServerThatCannotBeReachedFailsTheCommand() throws IOException {
		// given
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String nowhere = "http://localhost:" + port;

		// when
		CliInvocation runs = invoke(Map.of(ServerOptions.SERVER, nowhere, ServerOptions.PASSWORD, OPS_PASSWORD), "runs",
				"--user", "ops");

		// then
		assertThat(runs.exitCode()).isEqualTo(Cli.RUN_FAILED);
		assertThat(runs.err()).contains("cannot reach the server at " + nowhere);
		assertThat(runs.toString()).doesNotContain(OPS_PASSWORD);
	}

	@Test
	void runsThroughTheServerWithoutStartingSpringADatabaseOrS3() throws Exception {
		// when
		List<String> runs = loadedClasses("runs", "RUN ", List.of("runs"));
		List<String> schedules = loadedClasses("schedules", "NAME ", List.of("schedule", "list"));

		// then: picocli's reflection loads the few Spring types that commands' methods
		// name (ServeCommand.configure(SpringApplication)); none of them runs
		assertThat(Files.readString(temp.resolve("runs.out"))).contains(mixedRun);
		assertThat(runs).anyMatch((line) -> line.contains(" io.imagebatch.cli.HttpRunAccess "));
		assertThat(schedules).anyMatch((line) -> line.contains(" io.imagebatch.cli.HttpScheduleAccess "));
		for (List<String> loaded : List.of(runs, schedules)) {
			assertThat(
					loaded.stream().filter((line) -> STARTED_ONLY_BY_AN_APPLICATION.stream().anyMatch(line::contains)))
				.isEmpty();
		}
	}

	/**
	 * Runs a command through the server in a JVM of its own, checks it printed what it
	 * should, and returns the classes that JVM loaded.
	 */
	private static List<String> loadedClasses(String name, String printed, List<String> command) throws Exception {
		Path classes = temp.resolve(name + "-classes-loaded.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> arguments = new ArrayList<>(List.of(java, "-Xlog:class+load=info:file=" + classes, "-cp",
				System.getProperty("java.class.path"), ImagebatchApplication.class.getName()));
		arguments.addAll(command);
		arguments.addAll(List.of("--server", serve.base().toString(), "--user", "ops"));
		ProcessBuilder builder = new ProcessBuilder(arguments).redirectOutput(temp.resolve(name + ".out").toFile())
			.redirectError(temp.resolve(name + ".err").toFile());
		builder.environment().put(ServerOptions.PASSWORD, OPS_PASSWORD);
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String err = Files.readString(temp.resolve(name + ".err"));
		assertThat(process.exitValue()).as(err).isEqualTo(Cli.OK);
		assertThat(Files.readString(temp.resolve(name + ".out"))).startsWith(printed);
		assertThat(err).isEmpty();
		return Files.readAllLines(classes);
	}

	/** A command through the server as {@code ops}. */
	@Test
	void submitsWithSkipDoneThroughTheApiAndShowsTheRowsLeftOut() {
		// given: an object whose first row a run through the server succeeded, then a row
		// more
		String key = "skip-done/" + System.nanoTime() + ".csv";
		String object = bed.s3Object("remote-cli-input", key, "id,prompt,model,size\na,A kite,dall-e-2,256x256\n");
		String first = remote("submit", object, "--skip-done").out().strip();
		assertThat(remote("wait", first).exitCode()).isEqualTo(Cli.OK);
		bed.s3Object("remote-cli-input", key,
				"id,prompt,model,size\na,A kite,dall-e-2,256x256\nb,A boat,dall-e-2,256x256\n");

		// when
		String second = remote("submit", object, "--skip-done").out().strip();
		CliInvocation wait = remote("wait", second);
		CliInvocation status = remote("status", second);

		// then
		assertThat(wait.exitCode()).as(wait.toString()).isEqualTo(Cli.OK);
		assertThat(bed.itemsByStatus(second)).containsExactly(Map.entry("SUCCEEDED", 1L));
		assertThat(wait.out()).contains("1 row left out: already done for this source");
		assertThat(status.out()).contains("1 row left out: already done for this source");
		JsonNode view = ApiClient.json(ops.get("/api/runs/" + second));
		assertThat(view.path("skip_done").asBoolean()).isTrue();
		assertThat(view.path("rows_already_done").asLong()).isEqualTo(1);
	}

	private static CliInvocation remote(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--server", serve.base().toString(), "--user", "ops"));
		return invoke(Map.of(ServerOptions.PASSWORD, OPS_PASSWORD), all.toArray(String[]::new));
	}

	private static CliInvocation invoke(Map<String, String> environment, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Cli.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new CliInvocation(exitCode, out.toString(), err.toString());
	}

}
