package io.imagebatch.dashboard;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.SampleRows;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's items, gallery, costs and workers pages over real HTTP, rendered by
 * {@code serve} in a process of its own from a run it executed: what each page shows,
 * that it shows it to viewers too, that what an input row says is escaped, and that its
 * figures are the API's.
 */
class DashboardPagesIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-2";

	private static final String HOSTILE_PROMPT = "A <script>alert('owned')</script> kite";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static ApiClient viewer;

	private static String run;

	@BeforeAll
	static void serveAMixedRun() {
		bed = new GatewayTestBed(temp, "pages-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		bed.property("imagebatch.web.event-interval", "100ms");
		serve = bed.serve();
		ApiClient anonymous = ApiClient.anonymous(serve.base());
		ops = anonymous.as("ops", OPS_PASSWORD);
		viewer = anonymous.as("viewer", VIEWER_PASSWORD);
		String rows = SampleRows.MIXED + "hostile,\"" + HOSTILE_PROMPT.replace("\"", "\"\"")
				+ "\",dall-e-2,256x256,1\n";
		run = ops.submitAndAwait(rows, Map.of("name", "pages run"));
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void theItemsTableShowsEveryItemWithWhyItFailedAndLinksToItsImages() {
		// when
		HttpResponse<String> page = ops.get("/runs/" + run + "/items");

		// then
		assertThat(page.statusCode()).isEqualTo(200);
		String html = page.body();
		assertThat(rowsOf(html, "data-item")).containsExactly("good-1", "good-2", "rejected", "invalid", "hostile");
		assertThat(html)
			.contains("<h1>", "pages run", "href=\"/runs/" + run + "\"", "href=\"/runs/" + run + "/gallery\"",
					"<th scope=\"col\">Status</th>", "data-label=\"Error\"")
			.contains("href=\"/api/runs/" + run + "/items/good-1/images/0\"")
			.contains("<strong>REJECTED</strong>", "<strong>INVALID</strong>")
			.contains("<label for=\"status\">", "<label for=\"errorType\">", "<label for=\"model\">")
			.contains("<option value=\"dall-e-2\">dall-e-2</option>", "<option value=\"dall-e-3\">dall-e-3</option>");
		JsonNode rejected = ApiClient.json(ops.get("/api/runs/" + run + "/items?status=FAILED")).get("content").get(0);
		assertThat(html).contains("<code>" + rejected.get("error_code").asString() + "</code>");
	}

	@Test
	void itemsAreFilteredByStatusErrorTypeAndModelOnThePageAsInTheApi() {
		// when
		String failed = ops.get("/runs/" + run + "/items?status=FAILED").body();
		String invalid = ops.get("/runs/" + run + "/items?errorType=INVALID").body();
		String dallE3 = ops.get("/runs/" + run + "/items?model=dall-e-3").body();
		String none = ops.get("/runs/" + run + "/items?status=PENDING").body();
		JsonNode apiDallE3 = ApiClient.json(ops.get("/api/runs/" + run + "/items?model=dall-e-3"));
		JsonNode apiDallE2 = ApiClient.json(ops.get("/api/runs/" + run + "/items?model=dall-e-2&status=SUCCEEDED"));

		// then
		assertThat(rowsOf(failed, "data-item")).containsExactly("rejected");
		assertThat(rowsOf(invalid, "data-item")).containsExactly("invalid");
		assertThat(rowsOf(dallE3, "data-item")).containsExactly("invalid");
		assertThat(dallE3).contains("<option value=\"dall-e-3\" selected=\"selected\">");
		assertThat(rowsOf(none, "data-item")).isEmpty();
		assertThat(none).contains("No items of this run match these filters");
		assertThat(apiDallE3.get("content").valueStream().map((item) -> item.get("id").asString()))
			.containsExactly("invalid");
		assertThat(apiDallE2.get("total_elements").asLong()).isEqualTo(3);
	}

	@Test
	void theGalleryShowsEachStoredImageThroughTheApiWithWhereItIsStored() {
		// when
		String html = ops.get("/runs/" + run + "/gallery").body();

		// then: succeeded items only, each image streamed by the API, never from the
		// bucket
		assertThat(rowsOf(html, "data-item")).containsExactly("good-1", "good-2", "hostile");
		assertThat(html).contains("<img loading=\"lazy\" src=\"/api/runs/" + run + "/items/good-1/images/0\"")
			.contains("alt=\"A red bicycle\"")
			.contains("s3://pages-tests/")
			.contains("<figcaption>");
		JsonNode image = ApiClient.json(ops.get("/api/runs/" + run + "/items?status=SUCCEEDED"))
			.get("content")
			.get(0)
			.get("images")
			.get(0);
		assertThat(html).contains("s3://pages-tests/" + image.get("key").asString());
	}

	@Test
	void aBrowserLoggedInByTheFormLoadsTheGallerysImagesWithItsSessionCookie() throws Exception {
		// given: a browser's session, from the login form
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String login = browser
			.send(HttpRequest.newBuilder(serve.uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).as(login).isTrue();
		HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(serve.uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=viewer&password="
					+ URLEncoder.encode(VIEWER_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		assertThat(loggedIn.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).doesNotContain("error"));
		String gallery = browser
			.send(HttpRequest.newBuilder(serve.uri("/runs/" + run + "/gallery")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher src = Pattern.compile("<img loading=\"lazy\" src=\"([^\"]+)\"").matcher(gallery);
		assertThat(src.find()).as(gallery).isTrue();

		// when
		HttpResponse<byte[]> image = browser.send(HttpRequest.newBuilder(serve.uri(src.group(1))).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> withoutSession = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(serve.uri(src.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray());

		// then
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("image/"));
		assertThat(image.body()).isEqualTo(ops.getBytes(src.group(1)).body()).isNotEmpty();
		assertThat(withoutSession.statusCode()).isEqualTo(401);
	}

	@Test
	void whatAnInputRowSaysIsShownAsTextOnEveryPage() {
		for (String path : List.of("/runs/" + run + "/items", "/runs/" + run + "/gallery")) {
			String html = ops.get(path).body();

			assertThat(html).as(path)
				.contains("A &lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; kite")
				.doesNotContain("<script>alert(");
		}
	}

	@Test
	void theCostsPageAddsUpToWhatTheApiAnswersForTheSameDays() {
		// given
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		String days = "from=" + today + "&to=" + today;
		JsonNode byDay = apiCosts(days + "&groupBy=day");
		JsonNode byModel = apiCosts(days + "&groupBy=model");

		// when
		HttpResponse<String> page = ops.get("/costs?" + days);
		String lastThirtyDays = ops.get("/costs").body();

		// then
		assertThat(page.statusCode()).isEqualTo(200);
		String html = page.body();
		String total = byDay.get("total_usd").asString();
		assertThat(new BigDecimal(total)).isPositive();
		assertThat(attribute(html, "costs-total", "data-usd")).isEqualTo(total);
		assertThat(attribute(lastThirtyDays, "costs-total", "data-usd")).isEqualTo(total);
		assertThat(html).contains("id=\"costs-by-day\"", "id=\"costs-by-model\"", "/webjars/uplot/");
		assertThat(attribute(html, "chart-by-day", "data-spec")).contains("&quot;time&quot;:true");
		assertThat(attribute(html, "chart-by-model", "data-spec")).contains("&quot;dall-e-2&quot;");
		assertThat(rowsOf(html, "data-day")).containsExactly(today);
		assertThat(dataUsd(section(html, "costs-by-day"))).containsExactlyElementsOf(
				byDay.get("days").valueStream().map((day) -> day.get("cost_usd").asString()).toList());
		assertThat(dataUsd(section(html, "costs-by-model"))).containsExactlyElementsOf(
				byModel.get("models").valueStream().map((line) -> line.get("cost_usd").asString()).toList());
	}

	@Test
	void eitherCostTableDownloadsAsCsvWithTheApisFigures() {
		// given
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		String days = "from=" + today + "&to=" + today;
		JsonNode byDay = apiCosts(days + "&groupBy=day");
		JsonNode byModel = apiCosts(days + "&groupBy=model");

		// when
		HttpResponse<String> dayCsv = viewer.get("/costs.csv?" + days);
		HttpResponse<String> modelCsv = viewer.get("/costs.csv?" + days + "&groupBy=model");

		// then
		assertThat(dayCsv.statusCode()).isEqualTo(200);
		assertThat(dayCsv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		assertThat(dayCsv.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"costs-" + today + "-" + today + "-by-day.csv\"");
		JsonNode day = byDay.get("days").get(0);
		assertThat(dayCsv.body().lines()).containsExactly("day,images,cost_usd,unpriced_images",
				today + "," + day.get("images").asLong() + "," + day.get("cost_usd").asString() + ","
						+ day.get("unpriced_images").asLong());
		List<String> expected = new ArrayList<>(
				List.of("model,size,quality,images,cost_usd,unpriced_images,mode,saved_usd"));
		byModel.get("models")
			.valueStream()
			.map((line) -> String.join(",", line.get("model").asString(), line.get("size").asString(),
					line.get("quality").asString(), line.get("images").asString(), line.get("cost_usd").asString(),
					line.get("unpriced_images").asString(), line.get("mode").asString(),
					line.get("saved_usd").asString()))
			.forEach(expected::add);
		assertThat(modelCsv.body().lines()).containsExactlyElementsOf(expected).hasSizeGreaterThan(1);
	}

	@Test
	void daysThatAreNotAPeriodAreExplainedOnThePage() {
		HttpResponse<String> zone = ops.get("/costs?zone=Mars/Base");
		HttpResponse<String> reversed = ops.get("/costs.csv?from=2026-02-01&to=2026-01-01");

		assertThat(zone.statusCode()).isEqualTo(400);
		assertThat(zone.body()).contains("&#39;Mars/Base&#39; is not a time zone").contains("<label for=\"zone\">");
		assertThat(reversed.statusCode()).isEqualTo(400);
		assertThat(reversed.body()).contains("is before");
	}

	@Test
	void theWorkersPageListsServeAndEveryGatewayAndFollowsThem() throws Exception {
		// when
		String html = viewer.get("/workers").body();

		// then
		assertThat(html).contains("<h1>Workers &amp; gateways</h1>", "data-label=\"Kind\">serve</td>",
				"data-gateway=\"sim\"", "sse-connect=\"/workers/live\"", "hx-get=\"/workers/tables\"");
		assertThat(viewer.get("/workers/tables").body()).startsWith("<div id=\"workers-tables\"");
		HttpResponse<InputStream> stream = viewer.http()
			.send(viewer.request("/workers/live").header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream events = stream.body()) {
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(new String(events.readNBytes(":following".length()), StandardCharsets.UTF_8))
				.isEqualTo(":following");
		}
	}

	@Test
	void aViewerReadsEveryPage() {
		for (String path : List.of("/runs/" + run + "/items", "/runs/" + run + "/gallery", "/costs", "/workers",
				"/costs.csv")) {
			HttpResponse<String> page = viewer.get(path);

			assertThat(page.statusCode()).as(path).isEqualTo(200);
			if (!path.endsWith(".csv")) {
				assertThat(page.body()).as(path)
					.contains("<main id=\"main\">", "<span>viewer</span> · <span>viewer</span>");
			}
		}
	}

	@Test
	void anUnknownRunIsAPageThatSaysSoWhileTheApiKeepsItsProblem() {
		// when
		HttpResponse<String> items = viewer.get("/runs/20000101-000000-dead/items");
		HttpResponse<String> gallery = viewer.get("/runs/20000101-000000-dead/gallery");
		HttpResponse<String> api = viewer.get("/api/runs/20000101-000000-dead/items");

		// then
		assertThat(items.statusCode()).isEqualTo(404);
		assertThat(items.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(items.body()).contains("<h1>Not found</h1>", "no run &#39;20000101-000000-dead&#39;", "href=\"/\"");
		assertThat(gallery.statusCode()).isEqualTo(404);
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(api.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private static JsonNode apiCosts(String query) {
		return ApiClient.json(ops.get("/api/costs?" + query));
	}

	/** The values of an attribute on the page's elements, in order. */
	private static List<String> rowsOf(String html, String attribute) {
		return Pattern.compile("<tr [^>]*" + attribute + "=\"([^\"]*)\"|<figure [^>]*" + attribute + "=\"([^\"]*)\"")
			.matcher(html)
			.results()
			.map((match) -> (match.group(1) != null) ? match.group(1) : match.group(2))
			.toList();
	}

	private static String attribute(String html, String id, String attribute) {
		Matcher matcher = Pattern.compile("<[^>]* id=\"" + id + "\"[^>]*>").matcher(html);
		assertThat(matcher.find()).as("an element with id " + id).isTrue();
		Matcher value = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(matcher.group());
		assertThat(value.find()).as(attribute + " of " + id).isTrue();
		return value.group(1);
	}

	/** The table with the id, up to its end. */
	private static String section(String html, String id) {
		int start = html.indexOf("id=\"" + id + "\"");
		assertThat(start).as("a table with id " + id).isNotNegative();
		return html.substring(start, html.indexOf("</table>", start));
	}

	private static List<String> dataUsd(String html) {
		return Pattern.compile("<tr [^>]*data-usd=\"([^\"]*)\"")
			.matcher(html)
			.results()
			.map((match) -> match.group(1))
			.toList();
	}

}
