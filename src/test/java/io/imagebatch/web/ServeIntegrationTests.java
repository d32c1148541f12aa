package io.imagebatch.web;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.imagebatch.cli.Cli;
import io.imagebatch.system.Sha256;
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

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

import static io.imagebatch.testsupport.ProblemAssertions.assertProblem;
import static io.imagebatch.testsupport.SampleRows.MIXED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve}'s REST API over real HTTP, in a process of its own on real PostgreSQL, S3
 * and a simulated gateway: every endpoint's happy path and its problems, logins and
 * roles, and that no secret leaves the server.
 */
class ServeIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-2";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient anonymous;

	private static ApiClient ops;

	private static ApiClient viewer;

	@BeforeAll
	static void serve() {
		bed = new GatewayTestBed(temp, "serve-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.gateway("slow", (settings) -> settings.withLatency(Duration.ofMillis(400), Duration.ZERO));
		bed.property("imagebatch.gateways.slow.max-concurrency", "2");
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		bed.property("imagebatch.web.max-upload-size", "64KB");
		bed.property("imagebatch.web.event-interval", "100ms");
		bed.property("imagebatch.worker.sample-interval", "200ms");
		serve = bed.serve();
		anonymous = ApiClient.anonymous(serve.base());
		ops = anonymous.as("ops", OPS_PASSWORD);
		viewer = anonymous.as("viewer", VIEWER_PASSWORD);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void anUploadedCsvRunsToTheSameReportAsGenerateOnTheSameFile() throws Exception {
		// given
		Path csv = bed.csv(MIXED);
		CliInvocation generate = bed.cli("generate", csv.toString());
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);

		// when
		HttpResponse<String> submitted = ops.upload("/api/runs", Files.readAllBytes(csv), "text/csv", Map.of());

		// then
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		JsonNode run = ApiClient.json(submitted);
		String id = run.get("id").asString();
		assertThat(run.get("status").asString()).isEqualTo("QUEUED");
		assertThat(submitted.headers().firstValue("Location")).hasValue("/api/runs/" + id);
		assertThat(run.get("source").asString()).startsWith("s3://serve-tests/uploads/");
		JsonNode ended = awaitEnd(id);
		assertThat(ended.get("status").asString()).isEqualTo("COMPLETED");
		JsonNode report = ApiClient.json(ops.get("/api/runs/" + id + "/report"));
		JsonNode expected = ApiClient.json(ops.get("/api/runs/" + generate.runId() + "/report"));
		for (String field : List.of("status", "items", "images", "cost_usd", "cost_by_model", "failures_by_type")) {
			assertThat(report.get(field)).as(field).isEqualTo(expected.get(field));
		}
		// the same as the command line prints
		CliInvocation cliReport = bed.cli("report", generate.runId(), "--format", "json");
		JsonNode printed = ApiClient.json(cliReport.out());
		assertThat(printed.get("cost_by_model")).isEqualTo(report.get("cost_by_model"));
	}

	@Test
	void inlineRowsAndAnS3SourceAreStoredAndRun() {
		// when
		HttpResponse<String> inline = ops.post("/api/runs", """
				{"rows": [{"id": "a", "prompt": "A green lamp", "n": 1}, {"id": "b", "prompt": "A tall tree"}],
				 "defaults": {"model": "dall-e-2", "size": "256x256"}, "name": "inline rows"}
				""");
		String key = "inputs/two.csv";
		bed.s3Object("serve-tests", key, "prompt,model,size\nA small boat,dall-e-2,256x256\n");
		HttpResponse<String> fromS3 = ops.post("/api/runs", """
				{"source": "s3://serve-tests/inputs/two.csv", "concurrency": 1, "budget_usd": 5}
				""");

		// then
		assertThat(inline.statusCode()).as(inline.body()).isEqualTo(202);
		JsonNode inlineRun = awaitEnd(ApiClient.json(inline).get("id").asString());
		assertThat(inlineRun.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(inlineRun.get("name").asString()).isEqualTo("inline rows");
		assertThat(inlineRun.get("items").get("succeeded").asLong()).isEqualTo(2);
		assertThat(fromS3.statusCode()).as(fromS3.body()).isEqualTo(202);
		JsonNode s3Run = awaitEnd(ApiClient.json(fromS3).get("id").asString());
		assertThat(s3Run.get("items").get("succeeded").asLong()).isEqualTo(1);
		assertThat(s3Run.get("budget_usd").asString()).isEqualTo("5.000000");
		assertThat(s3Run.get("concurrency").asInt()).isEqualTo(1);
	}

	@Test
	void unusableUploadsAreRefusedBeforeAnyRunExists() {
		// given
		long runsBefore = runCount();

		// when
		HttpResponse<String> empty = ops.upload("/api/runs", new byte[0], "text/csv", Map.of());
		HttpResponse<String> binary = ops.upload("/api/runs", new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 1 },
				"image/png", Map.of());
		HttpResponse<String> noPrompt = ops.upload("/api/runs", "id,text\n1,hello\n".getBytes(StandardCharsets.UTF_8),
				"text/csv", Map.of());
		HttpResponse<String> tooLarge = ops.upload("/api/runs", ("prompt\n" + "x".repeat(200_000) + "\n").getBytes(),
				"text/csv", Map.of());
		HttpResponse<String> badField = ops.upload("/api/runs", MIXED.getBytes(StandardCharsets.UTF_8), "text/csv",
				Map.of("budget_usd", "-1"));

		// then
		assertProblem(empty, 400, "usage").containsEntry("field", "file");
		assertProblem(binary, 422, "unusable-input");
		assertProblem(noPrompt, 422, "unusable-input");
		assertThat(ApiClient.json(noPrompt).get("detail").asString()).contains("prompt");
		assertProblem(tooLarge, 413, "too-large").containsEntry("limit", "64KB");
		assertProblem(badField, 400, "usage").containsEntry("field", "budget_usd");
		assertThat(runCount()).isEqualTo(runsBefore);
		// and no upload stayed behind in the bucket for the run that was refused
		assertThat(bed.s3()
			.listObjectsV2((request) -> request.bucket("serve-tests").prefix("uploads/"))
			.contents()
			.stream()
			.filter((object) -> !usedAsSource(object.key()))
			.toList()).isEmpty();
	}

	@Test
	void jsonRequestsThatCannotBeUsedNameTheirField() {
		assertProblem(ops.post("/api/runs", "{\"source\": \"/etc/passwd\"}"), 400, "usage").containsEntry("field",
				"source");
		assertProblem(ops.post("/api/runs", "{}"), 400, "usage").containsEntry("field", "source");
		assertProblem(ops.post("/api/runs", "{\"rows\": [{\"prompt\": \"x\"}], \"concurrency\": 0}"), 400, "usage")
			.containsEntry("field", "concurrency");
		assertProblem(ops.post("/api/runs", "{\"rows\": [{\"prompt\": \"x\"}], \"defaults\": {\"n\": 99}}"), 400,
				"usage")
			.containsEntry("field", "defaults.n");
		assertProblem(ops.post("/api/runs", "{\"rows\": [{\"prompt\": \"x\"}], \"mode\": \"fast\"}"), 400, "usage")
			.containsEntry("field", "mode");
		assertProblem(ops.post("/api/runs", "{not json"), 400, "usage");
		assertProblem(ops.get("/api/runs?page=minus-one"), 400, "usage").containsEntry("field", "page");
		assertProblem(ops.get("/api/runs?status=SLEEPING"), 400, "usage").containsEntry("field", "status");
		assertProblem(ops.get("/api/runs/20000101-000000-dead"), 404, "not-found");
		assertProblem(ops.get("/api/costs?from=2026-02-01&to=2026-01-01"), 400, "usage").containsEntry("field", "to");
		assertProblem(ops.get("/api/costs?from=2026-01-01&to=2026-01-02&zone=Mars/Base"), 400, "usage")
			.containsEntry("field", "zone");
	}

	@Test
	void itemsArePagedAndFilteredAndTheirImagesStreamFromS3() throws Exception {
		// given
		String id = submitAndAwait(MIXED);

		// when
		JsonNode page = ApiClient.json(ops.get("/api/runs/" + id + "/items?size=2"));
		JsonNode failed = ApiClient.json(ops.get("/api/runs/" + id + "/items?status=FAILED"));
		JsonNode invalid = ApiClient.json(ops.get("/api/runs/" + id + "/items?errorType=INVALID"));
		JsonNode succeeded = ApiClient.json(ops.get("/api/runs/" + id + "/items?status=SUCCEEDED"));

		// then
		assertThat(page.get("content")).hasSize(2);
		assertThat(page.get("total_elements").asLong()).isEqualTo(4);
		assertThat(page.get("total_pages").asLong()).isEqualTo(2);
		assertThat(failed.get("content")).singleElement().satisfies((item) -> {
			assertThat(item.get("id").asString()).isEqualTo("rejected");
			assertThat(item.get("error_type").asString()).isEqualTo("REJECTED");
			assertThat(item.get("error_code").asString()).isNotBlank();
		});
		assertThat(invalid.get("content")).singleElement()
			.satisfies((item) -> assertThat(item.get("line").asLong()).isEqualTo(5));
		JsonNode image = succeeded.get("content").get(0).get("images").get(0);
		HttpResponse<byte[]> bytes = ops.getBytes(image.get("href").asString());
		assertThat(bytes.statusCode()).isEqualTo(200);
		assertThat(bytes.headers().firstValue("Content-Type")).hasValue(image.get("content_type").asString());
		assertThat(Sha256.hex(bytes.body())).isEqualTo(image.get("sha256").asString());
		byte[] object = bed.s3()
			.getObjectAsBytes((request) -> request.bucket("serve-tests").key(image.get("key").asString()))
			.asByteArray();
		assertThat(bytes.body()).isEqualTo(object);
		assertProblem(ops.get("/api/runs/" + id + "/items/good-1/images/7"), 404, "not-found");
	}

	@Test
	void costsOfARunAndOverDaysAddUpToItsReport() {
		// given
		String id = submitAndAwait(MIXED);
		JsonNode report = ApiClient.json(ops.get("/api/runs/" + id + "/report"));
		String today = LocalDate.now(ZoneOffset.UTC).toString();

		// when
		JsonNode costs = ApiClient.json(ops.get("/api/runs/" + id + "/costs"));
		JsonNode byModel = ApiClient.json(ops.get("/api/costs?from=" + today + "&to=" + today + "&groupBy=model"));
		JsonNode byDay = ApiClient.json(ops.get("/api/costs?from=" + today + "&to=" + today));

		// then
		assertThat(costs.get("total_usd").asString()).isEqualTo(report.get("cost_usd").asString());
		assertThat(costs.get("lines")).isEqualTo(report.get("cost_by_model"));
		assertThat(byModel.get("total_usd").asString()).isEqualTo(byDay.get("total_usd").asString());
		assertThat(byDay.get("days")).singleElement()
			.satisfies((day) -> assertThat(day.get("day").asString()).isEqualTo(today));
		assertThat(new BigDecimal(byDay.get("total_usd").asString()))
			.isGreaterThanOrEqualTo(new BigDecimal(report.get("cost_usd").asString()));
	}

	@Test
	void aRunsTimelineAddsUpToItsSettledItemsAndAViewerMayReadIt() {
		// given
		String id = submitAndAwait(MIXED);
		JsonNode items = ApiClient.json(ops.get("/api/runs/" + id)).get("items");

		// when: the samples of its last calls are written within a sample interval
		JsonNode[] timeline = new JsonNode[1];
		Polling.until(Duration.ofSeconds(30), () -> {
			timeline[0] = ApiClient.json(viewer.get("/api/runs/" + id + "/timeline"));
			return sum(timeline[0], "succeeded") == items.get("succeeded").asLong()
					&& sum(timeline[0], "failed") == items.get("failed").asLong();
		}, () -> "a timeline adding up to " + items + "; last seen " + timeline[0]);

		// then
		assertThat(timeline[0].get("run").asString()).isEqualTo(id);
		assertThat(timeline[0].get("bucket_seconds").asDouble()).isPositive();
		assertThat(timeline[0].get("points").get(0).propertyNames()).containsExactly("at", "succeeded", "failed",
				"in_flight", "rate_limit_waits", "rate_limit_wait_ms");
		assertProblem(viewer.get("/api/runs/20000101-000000-dead/timeline"), 404, "not-found");
	}

	private static long sum(JsonNode timeline, String field) {
		long sum = 0;
		for (JsonNode point : timeline.get("points")) {
			sum += point.get(field).asLong();
		}
		return sum;
	}

	@Test
	void theManifestStreamsFromS3WithALinePerItem() {
		String id = submitAndAwait(MIXED);

		HttpResponse<String> manifest = ops.get("/api/runs/" + id + "/manifest");

		assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
		assertThat(manifest.body().lines()).hasSize(4);
	}

	@Test
	void aRunIsStoppedRestartedOnAnyWorkerAndRefusedARestartOnceComplete() {
		// given: 12 slow rows, 2 calls at a time
		StringBuilder rows = new StringBuilder("prompt,model,size\n");
		for (int row = 0; row < 12; row++) {
			rows.append("A slow picture ").append(row).append(",dall-e-2,256x256\n");
		}
		HttpResponse<String> submitted = ops.upload("/api/runs", rows.toString().getBytes(StandardCharsets.UTF_8),
				"text/csv", Map.of("gateway", "slow"));
		String id = ApiClient.json(submitted).get("id").asString();
		Polling.until(Duration.ofSeconds(60), () -> succeeded(id) >= 1, () -> "a first image");

		// when
		HttpResponse<String> stop = ops.post("/api/runs/" + id + "/stop");
		JsonNode stopped = awaitEnd(id);

		// then
		assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
		assertThat(stopped.get("status").asString()).isEqualTo("STOPPED");
		assertThat(stopped.get("items").get("pending").asLong()).isPositive();
		assertProblem(ops.post("/api/runs/" + id + "/stop"), 409, "conflict").containsEntry("run_status", "STOPPED");

		// when
		HttpResponse<String> restart = ops.post("/api/runs/" + id + "/restart");

		// then
		assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
		JsonNode completed = awaitEnd(id);
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(completed.get("items").get("succeeded").asLong()).isEqualTo(12);
		assertProblem(ops.post("/api/runs/" + id + "/restart"), 409, "conflict").containsEntry("run_status",
				"COMPLETED");
	}

	@Test
	void failedItemsAreResubmittedWithAnEditAsANewRunLinkedToTheirs() {
		// given
		String parent = submitAndAwait(MIXED);

		// when
		HttpResponse<String> resubmitted = ops.post("/api/runs/" + parent + "/resubmit", """
				{"error_types": ["REJECTED"], "edits": {"rejected": {"prompt": "A permitted picture"}}}
				""");

		// then
		assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);
		JsonNode child = ApiClient.json(resubmitted);
		assertThat(child.get("parent_run").asString()).isEqualTo(parent);
		JsonNode ended = awaitEnd(child.get("id").asString());
		assertThat(ended.get("items").get("succeeded").asLong()).isEqualTo(1);
		assertThat(ended.get("items").get("total").asLong()).isEqualTo(1);
		assertProblem(ops.post("/api/runs/" + parent + "/resubmit", "{\"items\": [\"no-such-item\"]}"), 400, "usage");
	}

	@Test
	void progressArrivesAsServerSentEventsUntilTheRunEnds() throws Exception {
		// given
		StringBuilder rows = new StringBuilder("prompt,model,size\n");
		for (int row = 0; row < 6; row++) {
			rows.append("An evented picture ").append(row).append(",dall-e-2,256x256\n");
		}
		String id = ApiClient.json(ops.upload("/api/runs", rows.toString().getBytes(StandardCharsets.UTF_8), "text/csv",
				Map.of("gateway", "slow")))
			.get("id")
			.asString();

		// when
		HttpResponse<java.util.stream.Stream<String>> events = ops.http()
			.send(ops.request("/api/runs/" + id + "/events").header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofLines());
		List<String> names = new ArrayList<>();
		List<Long> succeeded = new ArrayList<>();
		String event = null;
		for (String line : (Iterable<String>) events.body()::iterator) {
			if (line.startsWith("event:")) {
				event = line.substring(6).trim();
				names.add(event);
			}
			else if (line.startsWith("data:")) {
				JsonNode run = ApiClient.json(line.substring(5));
				succeeded.add(run.get("items").get("succeeded").asLong());
			}
		}

		// then: the stream ended by itself after the run did
		assertThat(events.statusCode()).isEqualTo(200);
		assertThat(names).last().isEqualTo("end");
		assertThat(names.stream().filter("progress"::equals).count()).isGreaterThan(2);
		assertThat(succeeded).isSorted().last().isEqualTo(6L);
		assertThat(succeeded.getFirst()).isLessThan(6L);
	}

	@Test
	void listsRunsByStatusAndTheLiveWorkersServeAmongThem() {
		submitAndAwait(MIXED);

		JsonNode completed = ApiClient.json(ops.get("/api/runs?status=COMPLETED&size=1"));
		JsonNode workers = ApiClient.json(viewer.get("/api/workers"));

		assertThat(completed.get("content")).singleElement().satisfies((run) -> {
			assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
			// a page is read in a few grouped queries: each run as its own answer shows
			// it
			JsonNode alone = ApiClient.json(ops.get("/api/runs/" + run.get("id").asString()));
			assertThat(run.get("items")).isEqualTo(alone.get("items"));
			assertThat(run.get("spent_usd")).isEqualTo(alone.get("spent_usd"));
			assertThat(run.get("items").get("total").asLong()).isPositive();
		});
		assertThat(completed.get("total_elements").asLong()).isPositive();
		assertThat(workers.get("workers").valueStream().map((worker) -> worker.get("kind").asString()))
			.contains("serve");
		assertThat(workers.get("gateways").valueStream().map((gateway) -> gateway.get("name").asString()))
			.containsExactlyInAnyOrder("sim", "slow");
		assertThat(workers.get("gateways").get(1).get("max_concurrency").asInt()).isEqualTo(2);
	}

	@Test
	void onlyHealthAnswersWithoutALoginAndViewersOnlyRead() {
		assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		for (String path : List.of("/api/runs", "/api/workers", "/actuator/prometheus", "/v3/api-docs",
				"/swagger-ui.html", "/")) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isIn(401, 302);
			if (path.startsWith("/api") || path.startsWith("/actuator") || path.startsWith("/v3")) {
				assertProblem(response, 401, "unauthenticated");
				assertThat(response.headers().allValues("WWW-Authenticate"))
					.anyMatch((value) -> value.startsWith("Basic"));
			}
		}
		assertProblem(ops.as("ops", "wrong-password").get("/api/runs"), 401, "unauthenticated");
		assertThat(viewer.get("/api/runs").statusCode()).isEqualTo(200);
		assertProblem(viewer.post("/api/runs", "{\"rows\": [{\"prompt\": \"x\"}]}"), 403, "forbidden");
		assertProblem(viewer.post("/api/runs/latest/stop"), 403, "forbidden");
		assertProblem(viewer.post("/api/runs/latest/restart"), 403, "forbidden");
		assertProblem(viewer.post("/api/runs/latest/resubmit"), 403, "forbidden");
	}

	@Test
	void aChangeAnotherSiteMakesABrowserSendIsRefused() {
		HttpResponse<String> forged = ops.send(ops.request("/api/runs")
			.header("Content-Type", "application/json")
			.header("Sec-Fetch-Site", "cross-site")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"rows\": [{\"prompt\": \"x\"}]}")));

		assertProblem(forged, 403, "forbidden");
	}

	@Test
	void theOpenApiDocumentDescribesTheApiAndItsProblems() {
		HttpResponse<String> response = viewer.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = ApiClient.json(response);
		assertThat(document.get("openapi").asString()).startsWith("3.");
		assertThat(document.get("components").get("securitySchemes").propertyNames()).contains("basic", "bearer");
		assertThat(document.get("info").get("description").asString()).contains(ProblemType.BASE);
		assertThat(viewer.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void anEstimatePricesRowsWithoutCreatingAnythingAndAViewerMayAskForIt() {
		// given
		long runsBefore = runCount();

		// when
		HttpResponse<String> inline = viewer.post("/api/estimate", """
				{"rows": [{"prompt": "A red bicycle", "model": "dall-e-3", "size": "1024x1024", "quality": "hd"},
				          {"prompt": "Two lighthouses", "model": "dall-e-3", "n": 2}],
				 "defaults": {"size": "1024x1024"}}
				""");
		HttpResponse<String> uploaded = viewer.upload("/api/estimate", MIXED.getBytes(StandardCharsets.UTF_8),
				"text/csv", Map.of());

		// then
		assertThat(inline.statusCode()).as(inline.body()).isEqualTo(200);
		JsonNode estimate = ApiClient.json(inline);
		assertThat(estimate.get("rows").get("invalid").asLong()).isEqualTo(1);
		assertThat(estimate.get("invalid_rows")).singleElement()
			.satisfies((row) -> assertThat(row.get("line").asLong()).isEqualTo(3));
		assertThat(estimate.get("cost_by_model")).singleElement().satisfies((line) -> {
			assertThat(line.get("model").asString()).isEqualTo("dall-e-3");
			assertThat(line.get("quality").asString()).isEqualTo("hd");
		});
		BigDecimal sync = new BigDecimal(estimate.get("sync_usd").asString());
		assertThat(new BigDecimal(estimate.get("batch_usd").asString()).multiply(BigDecimal.TWO))
			.isEqualByComparingTo(sync);
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
		assertThat(ApiClient.json(uploaded).get("rows").get("total").asLong()).isEqualTo(4);
		assertThat(runCount()).isEqualTo(runsBefore);
		assertProblem(viewer.post("/api/estimate", "{\"source\": \"/etc/passwd\"}"), 400, "usage")
			.containsEntry("field", "source");
	}

	@Test
	void theOpenApiDocumentListsEveryMappingOfEveryController() {
		// given: what the controllers map, read from their annotations
		Set<String> mapped = new TreeSet<>();
		for (Class<?> controller : List.of(RunsController.class, RunEventsController.class, CostsController.class,
				WorkersController.class, EstimateController.class, SchedulesController.class)) {
			String base = Optional.ofNullable(controller.getAnnotation(RequestMapping.class))
				.map((mapping) -> mapping.value()[0])
				.orElse("");
			for (Method method : controller.getDeclaredMethods()) {
				// @GetMapping, @PostMapping... merged into the @RequestMapping they stand
				// for
				RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping != null) {
					mapped.add(mapping.method()[0].name().toLowerCase(Locale.ROOT) + " " + base
							+ pathOf(mapping.value(), mapping.path()));
				}
			}
		}

		// when
		JsonNode paths = ApiClient.json(viewer.get("/v3/api-docs")).get("paths");
		Set<String> documented = new TreeSet<>();
		paths.propertyStream()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.forEach((method) -> documented.add(method + " " + path.getKey())));

		// then
		assertThat(mapped).hasSizeGreaterThan(14);
		assertThat(documented).containsAll(mapped);
		assertThat(paths.get("/api/runs").get("post").get("requestBody").get("content").propertyNames())
			.contains("application/json", "multipart/form-data");
	}

	private static String pathOf(String[] value, String[] path) {
		String[] given = (value.length > 0) ? value : path;
		return (given.length > 0) ? given[0] : "";
	}

	@Test
	void noSecretLeavesTheServerInAnyResponseOrLogLine() {
		// given: every kind of answer at least once
		submitAndAwait(MIXED);
		for (String path : List.of("/api/runs", "/api/workers", "/v3/api-docs", "/actuator/prometheus", "/actuator/env",
				"/actuator/configprops", "/actuator", "/actuator/health")) {
			ops.get(path);
		}

		// then: the endpoints that would show configuration are not there
		assertThat(ops.get("/actuator/env").statusCode()).isEqualTo(404);
		assertThat(ops.get("/actuator/configprops").statusCode()).isEqualTo(404);
		List<String> everything = new ArrayList<>(ops.received());
		everything.add(serve.process().stdout());
		everything.add(serve.process().stderr());
		String hashPrefix = "$2a$04$";
		assertThat(everything).noneMatch((text) -> text.contains(GatewayTestBed.API_KEY))
			.noneMatch((text) -> text.contains(OPS_PASSWORD))
			.noneMatch((text) -> text.contains(VIEWER_PASSWORD))
			.noneMatch((text) -> text.contains(hashPrefix));
	}

	private static JsonNode awaitEnd(String id) {
		return ops.awaitEnd(id);
	}

	private static String submitAndAwait(String csv) {
		return ops.submitAndAwait(csv, Map.of());
	}

	private static long succeeded(String id) {
		return ApiClient.json(ops.get("/api/runs/" + id)).get("items").get("succeeded").asLong();
	}

	private static long runCount() {
		return bed.jdbc().sql("SELECT COUNT(*) FROM run").query(Long.class).single();
	}

	private static boolean usedAsSource(String key) {
		return bed.jdbc()
			.sql("SELECT COUNT(*) FROM run WHERE source = :source")
			.param("source", "s3://serve-tests/" + key)
			.query(Long.class)
			.single() > 0;
	}

}
