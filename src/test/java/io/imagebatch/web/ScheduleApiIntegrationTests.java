package io.imagebatch.web;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ScheduleJson;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.imagebatch.testsupport.ProblemAssertions.assertProblem;
import static io.imagebatch.testsupport.ScheduleJson.aSchedule;
import static io.imagebatch.testsupport.SampleRows.TWO_ROWS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/schedules} over real HTTP, in a {@code serve} of its own on real
 * PostgreSQL, S3 and a simulated gateway: a schedule's whole life, what is refused and
 * why (naming the field), who may do what, previews, estimates and the spend caps of a
 * firing asked for now.
 */
class ScheduleApiIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-2";

	private static final String BUCKET = "schedule-api-tests";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ApiClient ops;

	private static ApiClient viewer;

	private static String source;

	@BeforeAll
	static void serve() {
		bed = new GatewayTestBed(temp, BUCKET);
		bed.gateway("sim", (settings) -> settings);
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		ServeProcess serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		viewer = ApiClient.anonymous(serve.base()).as("viewer", VIEWER_PASSWORD);
		source = bed.s3Object(BUCKET, "inputs/two.csv", TWO_ROWS);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void aSchedulesModeIsKeptAndEveryFiringsRunTakesIt() {
		// given
		// (a source of its own: its firing must not leave rows done for the other tests')
		String own = bed.s3Object(BUCKET, "inputs/half-price.csv", TWO_ROWS);
		HttpResponse<String> created = ops.post("/api/schedules",
				aSchedule("half-price", own).with("mode", "batch").json());
		HttpResponse<String> refused = ops.post("/api/schedules",
				aSchedule("no-such-mode", source).with("mode", "turbo").json());

		// when
		JsonNode firing = ApiClient.json(ops.post("/api/schedules/half-price/run-now"));

		// then
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(ApiClient.json(ops.get("/api/schedules/half-price")).get("mode").asString()).isEqualTo("batch");
		assertProblem(refused, 400, "usage").containsEntry("field", "mode");
		assertThat(bed.run(firing.get("run_id").asString())).containsEntry("mode", "batch");
		assertThat(ops.send(ops.request("/api/schedules/half-price").DELETE()).statusCode()).isIn(200, 204);
		// the batch run is no other test's to find, nor a later serve's to take
		bed.jdbc()
			.sql("UPDATE run SET status = 'STOPPED', ended_at = now() WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
			.param(firing.get("run_id").asString())
			.update();
	}

	@Test
	void aScheduleIsCreatedReadReplacedPausedResumedFiredAndDeleted() {
		// when: created
		HttpResponse<String> created = ops.post("/api/schedules",
				aSchedule("nightly-life", source).with("budget_usd", 5)
					.with("misfire", "RUN_ONCE")
					.with("daily_cap_usd", 40)
					.with("monthly_cap_usd", 600)
					.json());

		// then
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/schedules/nightly-life");
		JsonNode schedule = ApiClient.json(created);
		assertThat(schedule.get("cron").asString()).isEqualTo("0 30 2 * * *");
		assertThat(schedule.get("zone").asString()).isEqualTo("Europe/Berlin");
		assertThat(schedule.get("source").asString()).isEqualTo(source);
		assertThat(schedule.get("defaults").get("model").asString()).isEqualTo("dall-e-2");
		assertThat(schedule.get("budget_usd").asString()).isEqualTo("5.000000");
		assertThat(schedule.get("enabled").asBoolean()).isTrue();
		assertThat(schedule.get("overlap").asString()).isEqualTo("SKIP");
		assertThat(schedule.get("misfire").asString()).isEqualTo("RUN_ONCE");
		assertThat(schedule.get("daily_cap_usd").asString()).isEqualTo("40.000000");
		assertThat(schedule.get("monthly_cap_usd").asString()).isEqualTo("600.000000");
		assertThat(schedule.get("spent_today_usd").asString()).isEqualTo("0.000000");
		assertThat(schedule.get("spent_this_month_usd").asString()).isEqualTo("0.000000");
		assertNightlyInBerlin(schedule.get("next_fire_times"), "02:30");
		assertThat(ApiClient.json(ops.get("/api/schedules/nightly-life"))).isEqualTo(schedule);
		JsonNode listed = ApiClient.json(ops.get("/api/schedules?size=500"));
		assertThat(listed.get("content").valueStream().map((entry) -> entry.get("name").asString()))
			.contains("nightly-life");
		assertThat(listed.get("total_elements").asLong()).isPositive();

		// when: replaced, without repeating its name
		HttpResponse<String> replaced = ops.send(ops.request("/api/schedules/nightly-life")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(aSchedule("nightly-life", source).with("name", null)
				.with("cron", "0 0 3 * * *")
				.with("overlap", "QUEUE")
				.json())));

		// then
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		JsonNode replacement = ApiClient.json(replaced);
		assertThat(replacement.get("cron").asString()).isEqualTo("0 0 3 * * *");
		assertThat(replacement.get("overlap").asString()).isEqualTo("QUEUE");
		assertThat(replacement.get("misfire").asString()).isEqualTo("SKIP");
		assertThat(replacement.has("daily_cap_usd")).isFalse();
		assertNightlyInBerlin(replacement.get("next_fire_times"), "03:00");

		// when: paused, then resumed
		JsonNode paused = ApiClient.json(ops.post("/api/schedules/nightly-life/pause"));
		JsonNode resumed = ApiClient.json(ops.post("/api/schedules/nightly-life/resume"));

		// then
		assertThat(paused.get("enabled").asBoolean()).isFalse();
		assertThat(paused.get("next_fire_times")).isEmpty();
		assertThat(resumed.get("enabled").asBoolean()).isTrue();
		assertThat(resumed.get("next_fire_times")).hasSize(5);

		// when: fired now
		HttpResponse<String> fired = ops.post("/api/schedules/nightly-life/run-now");

		// then: a run of the schedule's request, which the serve's worker executes
		assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
		JsonNode firing = ApiClient.json(fired);
		String runId = firing.get("run_id").asString();
		assertThat(fired.headers().firstValue("Location")).hasValue("/api/runs/" + runId);
		assertThat(firing.get("outcome").asString()).isEqualTo("RUN_CREATED");
		assertThat(firing.get("cause").asString()).isEqualTo("RUN_NOW");
		JsonNode run = ops.awaitEnd(runId);
		assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.get("name").asString()).startsWith("nightly-life ");
		assertThat(run.get("items").get("succeeded").asLong()).isEqualTo(2);
		JsonNode firings = ApiClient.json(ops.get("/api/schedules/nightly-life/firings?size=10"));
		assertThat(firings.get("content")).singleElement().satisfies((recorded) -> {
			assertThat(recorded.get("outcome").asString()).isEqualTo("RUN_CREATED");
			assertThat(recorded.get("cause").asString()).isEqualTo("RUN_NOW");
			assertThat(recorded.get("run_id").asString()).isEqualTo(runId);
			assertThat(recorded.get("reason").asString()).contains("asked for by ops");
		});
		JsonNode afterwards = ApiClient.json(ops.get("/api/schedules/nightly-life"));
		assertThat(afterwards.get("last_run").get("id").asString()).isEqualTo(runId);
		assertThat(afterwards.get("last_run").get("status").asString()).isEqualTo("COMPLETED");
		assertThat(afterwards.get("last_firing").get("outcome").asString()).isEqualTo("RUN_CREATED");
		assertThat(new BigDecimal(afterwards.get("spent_today_usd").asString())).isPositive();

		// when: deleted
		HttpResponse<String> deleted = ops.send(ops.request("/api/schedules/nightly-life").DELETE());

		// then
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertProblem(ops.get("/api/schedules/nightly-life"), 404, "not-found");
		// the run keeps its link to the deleted schedule's firing
		JsonNode linked = ApiClient.json(ops.get("/api/runs/" + runId));
		assertThat(linked.get("id").asString()).isEqualTo(runId);
		assertThat(linked.get("schedule").asString()).isEqualTo("nightly-life");
		assertThat(linked.get("fire_time").asString()).isNotBlank();
	}

	@Test
	void aScheduleThatCannotBeCreatedIsRefusedNamingTheField() {
		// given
		ops.post("/api/schedules", aSchedule("taken", source).json());
		Map<String, ScheduleJson> refused = Map.of("cron", aSchedule("bad-cron", source).with("cron", "0 99 * * *"),
				"zone", aSchedule("bad-zone", source).with("zone", "Mars/Olympus"), "source",
				aSchedule("no-object", "s3://" + BUCKET + "/inputs/missing.csv"), "daily_cap_usd",
				aSchedule("zero-cap", source).with("daily_cap_usd", 0), "monthly_cap_usd",
				aSchedule("negative-cap", source).with("monthly_cap_usd", -5), "name", aSchedule("taken", source),
				"overlap", aSchedule("bad-overlap", source).with("overlap", "SOMETIMES"), "budget_usd",
				aSchedule("bad-budget", source).with("budget_usd", "lots"));

		refused.forEach((field, schedule) -> {
			// when
			HttpResponse<String> response = ops.post("/api/schedules", schedule.json());

			// then
			assertProblem(response, 400, "usage").containsEntry("field", field);
		});
		assertProblem(ops.post("/api/schedules", aSchedule("no-db", "db:nowhere").json()), 400, "usage")
			.containsEntry("field", "source");
		assertProblem(ops.post("/api/schedules", aSchedule("a-path", "/etc/hosts").json()), 400, "usage")
			.containsEntry("field", "source");
		assertProblem(ops.post("/api/schedules", aSchedule("bad-overlap", source).with("overlap", "SOMETIMES").json()),
				400, "usage")
			.hasEntrySatisfying("detail", (detail) -> assertThat(detail).asString().contains("SKIP, QUEUE"));
		assertProblem(ops.post("/api/schedules", "{\"name\": \"broken\", \"cron\": }"), 400, "usage")
			.containsEntry("field", "cron")
			.hasEntrySatisfying("detail", (detail) -> assertThat(detail).asString().contains("not valid JSON"));
		for (String name : List.of("bad-cron", "bad-zone", "no-object", "zero-cap", "negative-cap", "bad-overlap",
				"bad-budget", "no-db", "a-path", "broken")) {
			assertThat(ops.get("/api/schedules/" + name).statusCode()).as(name).isEqualTo(404);
		}
	}

	@Test
	void viewersReadPreviewAndEstimateButOnlyOperatorsChangeOrFireSchedules() {
		// given
		ops.post("/api/schedules", aSchedule("guarded", source).json());

		// then
		for (String path : List.of("/api/schedules", "/api/schedules/guarded", "/api/schedules/guarded/firings",
				"/api/schedules/preview?cron=@daily&zone=UTC")) {
			assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(viewer.post("/api/schedules/estimate", aSchedule("guarded", source).json()).statusCode())
			.isEqualTo(200);
		assertProblem(viewer.post("/api/schedules", aSchedule("viewers-own", source).json()), 403, "forbidden");
		assertProblem(viewer.send(viewer.request("/api/schedules/guarded")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(aSchedule("guarded", source).json()))), 403, "forbidden");
		assertProblem(viewer.send(viewer.request("/api/schedules/guarded").DELETE()), 403, "forbidden");
		for (String action : List.of("pause", "resume", "run-now")) {
			assertProblem(viewer.post("/api/schedules/guarded/" + action), 403, "forbidden");
		}
		assertThat(ApiClient.json(ops.get("/api/schedules/guarded/firings")).get("content")).isEmpty();
	}

	@Test
	void aPreviewGivesTheNextFireTimesInTheZoneWithTheOffsetOfEach() {
		// when
		HttpResponse<String> response = viewer.get("/api/schedules/preview?zone=Europe/Berlin&cron="
				+ URLEncoder.encode("0 30 2 * * *", StandardCharsets.UTF_8));

		// then
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertNightlyInBerlin(ApiClient.json(response).get("next_fire_times"), "02:30");
		assertProblem(viewer.get("/api/schedules/preview?zone=UTC&cron=nonsense"), 400, "usage").containsEntry("field",
				"cron");
		assertProblem(viewer.get("/api/schedules/preview?zone=Nowhere&cron=@daily"), 400, "usage")
			.containsEntry("field", "zone");
	}

	@Test
	void aFiringAskedForNowWhoseEstimatePassesTheDailyCapMakesNoRunAndSaysWhy() {
		// given: two rows at $0.016, a cap of a millionth of a dollar
		ops.post("/api/schedules",
				aSchedule("tiny-cap", source).with("daily_cap_usd", "0.000001").with("skip_done", false).json());
		long runsBefore = runCount();

		// when
		HttpResponse<String> fired = ops.post("/api/schedules/tiny-cap/run-now");

		// then
		assertProblem(fired, 409, "no-run").containsEntry("outcome", "SKIPPED_CAP")
			.containsEntry("cause", "RUN_NOW")
			.containsEntry("schedule", "tiny-cap")
			.hasEntrySatisfying("reason", (reason) -> assertThat(reason).asString().contains("daily cap"));
		assertThat(runCount()).isEqualTo(runsBefore);
		JsonNode firings = ApiClient.json(ops.get("/api/schedules/tiny-cap/firings"));
		assertThat(firings.get("content")).singleElement()
			.satisfies((firing) -> assertThat(firing.get("outcome").asString()).isEqualTo("SKIPPED_CAP"));
	}

	@Test
	void anEstimateOfAFiringIsWhatAnEstimateOfItsRunsRequestGives() {
		// when: a firing leaves out rows already done for its source, unless told
		// otherwise
		HttpResponse<String> scheduled = viewer.post("/api/schedules/estimate", aSchedule("estimated", source).json());
		HttpResponse<String> direct = viewer.post("/api/estimate", "{\"source\": \"" + source
				+ "\", \"skip_done\": true, \"defaults\": {\"model\": \"dall-e-2\", \"size\": \"256x256\"}}");

		// then
		assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(200);
		JsonNode estimate = ApiClient.json(scheduled);
		assertThat(estimate).isEqualTo(ApiClient.json(direct));
		// two rows, some perhaps done by the other tests' firings of the same source
		assertThat(estimate.get("rows").get("total").asLong() + estimate.get("already_done").asLong()).isEqualTo(2);
		assertThat(ops.get("/api/schedules/estimated").statusCode()).isEqualTo(404);
	}

	@Test
	void theOpenApiDocumentDescribesEveryScheduleEndpoint() {
		// when
		JsonNode paths = ApiClient.json(viewer.get("/v3/api-docs")).get("paths");

		// then
		assertThat(paths.get("/api/schedules").propertyNames()).contains("get", "post");
		assertThat(paths.get("/api/schedules/{name}").propertyNames()).contains("get", "put", "delete");
		for (String action : List.of("pause", "resume", "run-now")) {
			assertThat(paths.get("/api/schedules/{name}/" + action).propertyNames()).contains("post");
		}
		assertThat(paths.get("/api/schedules/{name}/firings").propertyNames()).contains("get");
		assertThat(paths.get("/api/schedules/preview").propertyNames()).contains("get");
		assertThat(paths.get("/api/schedules/estimate").propertyNames()).contains("post");
		assertThat(paths.get("/api/schedules/{name}/run-now").get("post").get("description").asString())
			.contains("no-run");
	}

	/** Five fire times at the wall-clock time, each with Berlin's offset on its day. */
	private static void assertNightlyInBerlin(JsonNode times, String wallClock) {
		assertThat(times).hasSize(5);
		for (JsonNode time : times) {
			OffsetDateTime fireTime = OffsetDateTime.parse(time.asString());
			Instant instant = fireTime.toInstant();
			assertThat(time.asString()).contains("T" + wallClock + ":00");
			assertThat(fireTime.getOffset()).isEqualTo(ZoneId.of("Europe/Berlin").getRules().getOffset(instant));
			assertThat(time.asString()).matches(".*\\+0[12]:00");
		}
	}

	private static long runCount() {
		return bed.jdbc().sql("SELECT COUNT(*) FROM run").query(Long.class).single();
	}

}
