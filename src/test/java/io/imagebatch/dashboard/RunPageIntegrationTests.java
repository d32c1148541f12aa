package io.imagebatch.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.imagebatch.testsupport.ApiClient;
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

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

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
		String page = new Session("viewer", VIEWER_PASSWORD).get("/runs/" + second).body();
		String before = new Session("viewer", VIEWER_PASSWORD).get("/runs/" + runId).body();

		// then
		assertThat(page).contains("1 row already done for this source, left out");
		assertThat(before).doesNotContain("already done for this source");
	}

	@Test
	void failuresAreGroupedByTypeAndGatewayCodeWithASampleMessage() {
		Session session = new Session("ops", OPS_PASSWORD);

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
		Session session = new Session("ops", OPS_PASSWORD);
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
		Session session = new Session("ops", OPS_PASSWORD);

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
		Session viewer = new Session("viewer", VIEWER_PASSWORD);
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
		Session session = new Session("viewer", VIEWER_PASSWORD);

		assertThat(session.get("/runs/no-such-run").statusCode()).isEqualTo(404);
	}

	private static long runCount() {
		return ApiClient.json(ops.get("/api/runs")).get("total_elements").asLong();
	}

	/**
	 * A browser's session as plain HTTP: HTTP Basic on every request, the session cookie
	 * kept, and the CSRF token of the last page sent with forms, as a form would.
	 */
	private static final class Session {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String authorization;

		private String csrf = "";

		Session(String user, String password) {
			this.authorization = "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		}

		HttpResponse<String> get(String path) {
			HttpResponse<String> response = send(request(path).GET());
			Matcher token = CSRF.matcher(response.body());
			if (token.find()) {
				this.csrf = token.group(1);
			}
			return response;
		}

		HttpResponse<String> post(String path, Map<String, String> fields) {
			if (this.csrf.isEmpty()) {
				get("/runs/" + runId);
			}
			String form = Stream.concat(
					fields.entrySet().stream().map((field) -> encode(field.getKey()) + "=" + encode(field.getValue())),
					List.of("_csrf=" + encode(this.csrf)).stream())
				.collect(Collectors.joining("&"));
			return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		private HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(URI.create(serve.base() + path))
				.header("Authorization", this.authorization)
				.header("Accept", "text/html")
				.timeout(Duration.ofSeconds(30));
		}

		private HttpResponse<String> send(HttpRequest.Builder request) {
			try {
				return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static String encode(String text) {
			return URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

	}

}
