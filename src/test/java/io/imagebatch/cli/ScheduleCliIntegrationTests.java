package io.imagebatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ScheduleJson;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.imagebatch.testsupport.ProblemAssertions.assertProblem;
import static io.imagebatch.testsupport.SampleRows.TWO_ROWS;
import static io.imagebatch.testsupport.ScheduleJson.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schedule add|list|show|pause|resume|run-now|delete} on real PostgreSQL and S3:
 * in this process on the database, and through a running {@code serve} with
 * {@code --server}, which prints the same and exits the same. The serve also executes the
 * runs the schedules submit.
 */
class ScheduleCliIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String BUCKET = "schedule-cli-tests";

	/** A fire time in Berlin at 02:30, with the zone's name and offset then. */
	private static final String AT_0230_IN_BERLIN = "\\d{4}-\\d\\d-\\d\\d 02:30 CES?T \\(\\+0[12]:00\\)";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static String source;

	@BeforeAll
	static void serve() {
		bed = new GatewayTestBed(temp, BUCKET);
		bed.gateway("sim", (settings) -> settings);
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		source = bed.s3Object(BUCKET, "inputs/two.csv", TWO_ROWS);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void aScheduleIsAddedListedShownPausedResumedFiredAndDeleted() {
		// when
		CliInvocation add = bed.cli("schedule", "add", "cli-nightly", "--cron", "0 30 2 * * *", "--zone",
				"Europe/Berlin", source, "--model", "dall-e-2", "--size", "256x256", "--budget-usd", "5", "--overlap",
				"SKIP", "--misfire", "RUN_ONCE", "--daily-cap-usd", "40", "--monthly-cap-usd", "600");
		CliInvocation list = bed.cli("schedule", "list");
		CliInvocation show = bed.cli("schedule", "show", "cli-nightly");

		// then
		assertThat(add.exitCode()).as(add.toString()).isEqualTo(Cli.OK);
		assertThat(add.out()).matches("Schedule cli-nightly created: fires next at " + AT_0230_IN_BERLIN + "\\R");
		assertThat(list.exitCode()).as(list.toString()).isEqualTo(Cli.OK);
		assertThat(list.out()).startsWith("NAME ");
		assertThat(list.out().lines().filter((line) -> line.startsWith("cli-nightly "))).singleElement()
			.satisfies((row) -> assertThat(row).contains("0 30 2 * * *")
				.contains("Europe/Berlin")
				.contains("enabled")
				.containsPattern("\\d 02:30 CES?T, \\d{4}-\\d\\d-\\d\\d 02:30 CES?T")
				.contains("0.000000 / 40.000000")
				.contains("0.000000 / 600.000000"));
		assertThat(show.exitCode()).as(show.toString()).isEqualTo(Cli.OK);
		assertThat(show.out()).contains("Schedule    cli-nightly (enabled)")
			.contains("Cron        0 30 2 * * * in Europe/Berlin")
			.contains("Source      " + source)
			.contains("Defaults    model=dall-e-2 size=256x256")
			.contains("budget $5.000000 each")
			.contains("Overlap     SKIP")
			.contains("Misfire     RUN_ONCE")
			.contains("Today       $0.000000 spent of a $40.000000 daily cap")
			.contains("This month  $0.000000 spent of a $600.000000 monthly cap")
			.contains("Firings     none yet");
		assertThat(show.out().lines().filter((line) -> line.matches("(Next)? +" + AT_0230_IN_BERLIN))).hasSize(5);

		// when
		CliInvocation pause = bed.cli("schedule", "pause", "cli-nightly");
		CliInvocation paused = bed.cli("schedule", "show", "cli-nightly");
		CliInvocation resume = bed.cli("schedule", "resume", "cli-nightly");

		// then
		assertThat(pause.exitCode()).as(pause.toString()).isEqualTo(Cli.OK);
		assertThat(pause.out()).startsWith("Schedule cli-nightly paused");
		assertThat(paused.out()).contains("(paused)").contains("Next        none while paused");
		assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(Cli.OK);
		assertThat(resume.out()).matches("Schedule cli-nightly resumed: fires next at " + AT_0230_IN_BERLIN + "\\R");

		// when
		CliInvocation runNow = bed.cli("schedule", "run-now", "cli-nightly");

		// then: the run exists, and the serve executes it
		assertThat(runNow.exitCode()).as(runNow.toString()).isEqualTo(Cli.OK);
		String runId = runNow.out().strip();
		assertThat(runNow.err()).contains("Run " + runId + " is QUEUED");
		assertThat(ops.awaitEnd(runId).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(bed.cli("status", runId).out()).containsPattern("Schedule cli-nightly, fired for \\S+Z");
		CliInvocation fired = bed.cli("schedule", "show", "cli-nightly");
		assertThat(fired.out()).contains("Last run    " + runId + " COMPLETED")
			.contains("Firings     the latest 1, newest first")
			.containsPattern("RUN_NOW +RUN_CREATED +" + runId + " +asked for by " + System.getProperty("user.name"));

		// when
		CliInvocation delete = bed.cli("schedule", "delete", "cli-nightly");
		CliInvocation gone = bed.cli("schedule", "show", "cli-nightly");

		// then
		assertThat(delete.exitCode()).as(delete.toString()).isEqualTo(Cli.OK);
		assertThat(delete.out()).startsWith("Schedule cli-nightly deleted");
		assertThat(gone.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(gone.err()).contains("no schedule named 'cli-nightly'; 'schedule list' lists them");
	}

	@Test
	void aCsvFileIsKeptByItsAbsolutePathForTheServeProcessesToRead() {
		// given: the file named relative to this process's working directory
		Path csv = bed.csv(TWO_ROWS).toAbsolutePath().normalize();
		String relative = Path.of("").toAbsolutePath().relativize(csv).toString();

		// when
		CliInvocation add = bed.cli("schedule", "add", "cli-csv", relative, "--cron", "@daily", "--zone", "UTC",
				"--model", "dall-e-2", "--size", "256x256", "--paused");
		CliInvocation show = bed.cli("schedule", "show", "cli-csv");

		// then
		assertThat(add.exitCode()).as(add.toString()).isEqualTo(Cli.OK);
		assertThat(add.out()).contains("created: paused");
		assertThat(show.out()).contains("Source      " + csv).contains("(paused)");
		// the API keeps the path a replacement repeats, and refuses a new one
		assertThat(put("cli-csv", aSchedule("cli-csv", csv.toString()).with("cron", "@hourly")).statusCode())
			.isEqualTo(200);
		assertProblem(put("cli-csv", aSchedule("cli-csv", "/etc/hosts")), 400, "usage").containsEntry("field",
				"source");
	}

	private static HttpResponse<String> put(String name, ScheduleJson schedule) {
		return ops.send(ops.request("/api/schedules/" + name)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(schedule.json())));
	}

	@Test
	void aScheduleThatCannotBeCreatedExitsWithTheUsageCodeNamingTheOption() {
		Map<String, List<String>> refusals = Map.of("--cron: ", List.of("bad-cron", source, "--cron", "0 99 * * *"),
				"--zone: ", List.of("bad-zone", source, "--cron", "@daily", "--zone", "Mars/Olympus"), "<source>: ",
				List.of("no-file", temp.resolve("missing.csv").toString(), "--cron", "@daily"),
				"<source>: no database source", List.of("no-db", "db:nowhere", "--cron", "@daily"),
				"--daily-cap-usd must be more than 0 USD",
				List.of("zero-cap", source, "--cron", "@daily", "--daily-cap-usd", "0"),
				"--monthly-cap-usd must be more than 0 USD",
				List.of("negative-cap", source, "--cron", "@daily", "--monthly-cap-usd", "-1"),
				"Missing required option: '--cron", List.of("no-cron", source));

		refusals.forEach((message, args) -> {
			// when
			List<String> command = new ArrayList<>(List.of("schedule", "add"));
			command.addAll(args);
			CliInvocation add = bed.cli(command.toArray(String[]::new));

			// then
			assertThat(add.exitCode()).as(add.toString()).isEqualTo(Cli.USAGE);
			assertThat(add.err()).as(args.toString()).contains(message);
		});
		assertThat(bed.jdbc()
			.sql("SELECT count(*) FROM schedule WHERE name IN ('bad-cron', 'no-db', 'zero-cap')")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void throughAServerTheCommandsPrintAndExitAsOnTheDatabase() {
		// when
		CliInvocation add = remote("schedule", "add", "cli-remote", source, "--cron", "0 30 2 * * *", "--zone",
				"Europe/Berlin", "--model", "dall-e-2", "--size", "256x256", "--daily-cap-usd", "40");
		CliInvocation runNow = remote("schedule", "run-now", "cli-remote");

		// then
		assertThat(add.exitCode()).as(add.toString()).isEqualTo(Cli.OK);
		assertThat(add.out()).matches("Schedule cli-remote created: fires next at " + AT_0230_IN_BERLIN + "\\R");
		assertThat(runNow.exitCode()).as(runNow.toString()).isEqualTo(Cli.OK);
		String runId = runNow.out().strip();
		assertThat(ops.awaitEnd(runId).get("name").asString()).startsWith("cli-remote ");
		for (List<String> command : List.of(List.of("schedule", "list"), List.of("schedule", "show", "cli-remote"))) {
			CliInvocation local = bed.cli(command.toArray(String[]::new));
			CliInvocation remote = remote(command.toArray(String[]::new));
			assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(Cli.OK);
			assertThat(remote.out()).as(command.toString()).isEqualTo(local.out());
		}
		assertThat(remote("schedule", "show", "cli-remote").out()).containsPattern("RUN_CREATED +" + runId)
			.contains("asked for by ops");
		assertThat(remote("schedule", "pause", "cli-remote").out()).startsWith("Schedule cli-remote paused");
		assertThat(remote("schedule", "resume", "cli-remote").out()).startsWith("Schedule cli-remote resumed");
		assertThat(remote("schedule", "delete", "cli-remote").out()).startsWith("Schedule cli-remote deleted");
	}

	@Test
	void throughAServerRefusalsNameTheOptionAndAFiringWithoutARunExitsOne() {
		// given: a cap its estimate surely passes (every row priced: none left out as
		// done
		// by the other tests' runs of the source)
		CliInvocation add = remote("schedule", "add", "cli-capped", source, "--cron", "@daily", "--zone", "UTC",
				"--model", "dall-e-2", "--size", "256x256", "--daily-cap-usd", "0.000001", "--no-skip-done");

		// when
		CliInvocation runNow = remote("schedule", "run-now", "cli-capped");
		CliInvocation zeroCap = remote("schedule", "add", "cli-zero", source, "--cron", "@daily", "--daily-cap-usd",
				"0");
		CliInvocation localFile = remote("schedule", "add", "cli-file", bed.csv(TWO_ROWS).toString(), "--cron",
				"@daily");
		CliInvocation unknown = remote("schedule", "show", "cli-nowhere");

		// then
		assertThat(add.exitCode()).as(add.toString()).isEqualTo(Cli.OK);
		assertThat(runNow.exitCode()).as(runNow.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat(runNow.out()).isEmpty();
		assertThat(runNow.err()).startsWith("Schedule cli-capped fired without a run: SKIPPED_CAP — ")
			.contains("daily cap");
		assertThat(zeroCap.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(zeroCap.err()).isEqualTo(
				bed.cli("schedule", "add", "cli-zero", source, "--cron", "@daily", "--daily-cap-usd", "0").err());
		assertThat(localFile.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(localFile.err()).startsWith("<source>: through a server, a schedule's source is s3://");
		assertThat(unknown.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(unknown.err()).isEqualTo(bed.cli("schedule", "show", "cli-nowhere").err());
	}

	/** A command through the server as {@code ops}. */
	private static CliInvocation remote(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--server", serve.base().toString(), "--user", "ops"));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Cli.run(Map.of(ServerOptions.PASSWORD, OPS_PASSWORD), new PrintWriter(out, true),
				new PrintWriter(err, true), all.toArray(String[]::new));
		return new CliInvocation(exitCode, out.toString(), err.toString());
	}

}
