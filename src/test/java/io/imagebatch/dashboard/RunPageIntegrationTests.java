package io.imagebatch.dashboard;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.FormSession;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.imagebatch.testsupport.SampleRows.MIXED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Run page's groups of failures and its actions over real HTTP, against {@code serve}
 * in a process of its own: what it lists, a resubmission whose edit leaves an item
 * invalid refused with the reason before anything is created, an edit that fixes it
 * resubmitted, and a viewer shown no action and refused one.
 */
class RunPageIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-3";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-4";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static String runId;

	@BeforeAll
	static void serveAMixedRun() throws Exception {
		bed = new GatewayTestBed(temp, "run-page-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		runId = ops.submitAndAwait(MIXED, Map.of());
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void aRunThatLeftOutRowsAlreadyDoneSaysHowMany() {
		// given: two runs of a growing object, the second skipping the rows the first did
		String key = "skip-done-" + System.nanoTime() + ".csv";
		String object = bed.s3Object("run-page-input", key, "id,prompt,model,size\na,A kite,dall-e-2,256x256\n");
		String body = "{\"source\": \"" + object + "\", \"skip_done\": true}";
		ops.awaitEnd(ApiClient.json(ops.post("/api/runs", body)).get("id").asString());
		bed.s3Object("run-page-input", key,
				"id,prompt,model,size\na,A kite,dall-e-2,256x256\nb,A boat,dall-e-2,256x256\n");
		String second = ApiClient.json(ops.post("/api/runs", body)).get("id").asString();
		ops.awaitEnd(second);

		// when
		String page = session("viewer", VIEWER_PASSWORD).get("/runs/" + second).body();
		String before = session("viewer", VIEWER_PASSWORD).get("/runs/" + runId).body();

		// then
		assertThat(page).contains("1 row already done for this source, left out");
		assertThat(before).doesNotContain("already done for this source");
	}

	@Test
	void failuresAreGroupedByTypeAndGatewayCodeWithASampleMessage() {
		FormSession session = session("ops", OPS_PASSWORD);

		String page = session.get("/runs/" + runId).body();
		String rejected = session.get("/runs/" + runId + "/failures?type=REJECTED&code=content_policy_violation")
			.body();

		assertThat(page).contains("REJECTED", "content_policy_violation", "INVALID", "n must be 1 for dall-e-3")
			.contains("Resubmit all failures", "action=\"/runs/" + runId + "/resubmit\"");
		assertThat(rejected).contains("name=\"prompt:rejected\"", "A forbidden #reject picture")
			.doesNotContain("good-1");
	}

	@Test
	void anEditThatLeavesTheItemInvalidIsRefusedWithItsReasonAndCreatesNothing() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		long runsBefore = runCount();

		// when: only the prompt changes; n=2 is still refused for dall-e-3
		HttpResponse<String> refused = session.post("/runs/" + runId + "/resubmit",
				Map.of("items", "invalid", "prompt:invalid", "One lighthouse", "original:invalid", "Two lighthouses"));

		// then
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/runs/" + runId + "#failures"));
		String page = session.get("/runs/" + runId).body();
		assertThat(page).contains("Nothing was resubmitted").contains("n must be 1 for dall-e-3");
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void editedItemsAreResubmittedAsANewRunThatSucceeds() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);

		// when: the rejected prompt is rewritten, and n fixed for the invalid item
		HttpResponse<String> created = session.post("/runs/" + runId + "/resubmit", Map.of("items", "rejected",
				"prompt:rejected", "A friendly lighthouse", "original:rejected", "A forbidden #reject picture"));

		// then
		assertThat(created.statusCode()).isEqualTo(302);
		String location = created.headers().firstValue("Location").orElseThrow();
		String newRun = location.substring(location.lastIndexOf('/') + 1);
		assertThat(newRun).isNotEqualTo(runId);
		JsonNode ended = ops.awaitEnd(newRun);
		assertThat(ended.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(ended.get("parent_run").asString()).isEqualTo(runId);
		JsonNode items = ApiClient.json(ops.get("/api/runs/" + newRun + "/items")).get("content");
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("prompt").asString()).isEqualTo("A friendly lighthouse");
		assertThat(items.get(0).get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(session.get("/runs/" + newRun).body()).contains("Resubmitted 1 item of run " + runId);
	}

	@Test
	void aViewerSeesNoActionAndIsRefusedOne() {
		// given
		FormSession viewer = session("viewer", VIEWER_PASSWORD);
		long runsBefore = runCount();

		// when
		String page = viewer.get("/runs/" + runId).body();
		String group = viewer.get("/runs/" + runId + "/failures?type=REJECTED&code=content_policy_violation").body();
		HttpResponse<String> forged = viewer.post("/runs/" + runId + "/resubmit", Map.of());
		HttpResponse<String> stop = viewer.post("/runs/" + runId + "/stop", Map.of());

		// then
		assertThat(page).contains("REJECTED").doesNotContain("Resubmit all failures").doesNotContain(">Stop<");
		assertThat(group).contains("A forbidden #reject picture")
			.doesNotContain("Resubmit chosen items")
			.doesNotContain("Resubmit every")
			.doesNotContain("<textarea")
			.doesNotContain("type=\"checkbox\"");
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(stop.statusCode()).isEqualTo(403);
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void anUnknownRunIsNotFound() {
		FormSession session = session("viewer", VIEWER_PASSWORD);

		assertThat(session.get("/runs/no-such-run").statusCode()).isEqualTo(404);
	}

	private static FormSession session(String user, String password) {
		return new FormSession(serve.base(), user, password);
	}

	private static long runCount() {
		return ApiClient.json(ops.get("/api/runs")).get("total_elements").asLong();
	}

}
