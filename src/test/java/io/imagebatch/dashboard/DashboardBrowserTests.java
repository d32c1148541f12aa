package io.imagebatch.dashboard;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.BrowserSession;
import io.imagebatch.testsupport.DashboardBrowser;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.imagebatch.testsupport.SampleRows.MIXED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (the system's chromium) against {@code serve} in a
 * process of its own, on real PostgreSQL, S3 and a simulated gateway slow enough that a
 * run lasts seconds. Every test leaves screenshots under {@code target/screenshots} and
 * asserts that the page logged no error.
 */
class DashboardBrowserTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-1";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-2";

	/**
	 * The bar's words: "3 of 25 succeeded, 0 failed, 2 invalid, 1 in flight, 19 pending".
	 */
	private static final Pattern BAR_LABEL = Pattern.compile("^(\\d+) of (\\d+) succeeded");

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static DashboardBrowser browser;

	/** An ended run with an item of each outcome: succeeded, rejected, invalid. */
	private static String mixedRun;

	@BeforeAll
	static void serve() {
		browser = DashboardBrowser.launch();
		bed = new GatewayTestBed(temp, "dashboard-tests");
		bed.gateway("sim", (settings) -> settings);
		// two calls at a time of 300 ms each: a run of 40 items lasts about six seconds
		bed.gateway("slow", (settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ZERO));
		bed.property("imagebatch.gateways.slow.max-concurrency", "2");
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		bed.property("imagebatch.web.event-interval", "200ms");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		// a finished run with a failure and an invalid row, so the pages have some of
		// each
		mixedRun = ops.submit(MIXED, Map.of("name", "mixed sample"));
		ops.awaitEnd(mixedRun);
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void aWrongPasswordIsRefusedAndTheRightOneLandsOnTheRunsPage() {
		try (BrowserSession session = browser.session(serve.base())) {
			Page page = session.page();
			page.navigate("/");
			assertThat(page.url()).as("an anonymous visitor is sent to log in").endsWith("/login");
			session.screenshots("login");

			// when
			session.logIn("ops", "not-the-password");

			// then
			assertThat(page.getByRole(AriaRole.ALERT).textContent()).contains("Wrong name or password");
			session.screenshot("login-refused");

			// when
			session.logIn("ops", OPS_PASSWORD);

			// then
			assertThat(URI.create(page.url()).getPath()).isEqualTo("/");
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Runs")).isVisible())
				.isTrue();
			assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).isVisible())
				.isTrue();
			assertThat(session.errors()).isEmpty();
		}
	}

	@Test
	void aRunsProgressBarMovesWhileItRunsWithoutReloadingThePage() {
		try (BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			// given
			int rows = 40;
			String id = submitSlowRun(rows);
			Page page = session.page();
			page.navigate("/");
			Locator bar = progressBar(page, id);
			// (the run may still be loading its rows: "0 of 0 succeeded")
			int first = succeeded(bar.getAttribute("aria-label"));
			assertThat(first).as("the run is still running when the page opens").isLessThan(rows);
			page.evaluate("() => { window.stillTheSamePage = true; }");

			// when: the server's events make htmx fetch the table again, and again
			int seenMoving = waitForSucceeded(page, id, first + 1);
			session.screenshots("runs");
			waitForSucceeded(page, id, rows);

			// then
			assertThat(seenMoving).isGreaterThan(first).isLessThanOrEqualTo(rows);
			assertThat(page.evaluate("() => window.stillTheSamePage === true")).as("the page was not reloaded")
				.isEqualTo(true);
			assertThat(bar.getAttribute("aria-label")).startsWith(rows + " of " + rows + " succeeded, 0 failed");
			assertThat(bar.locator(".succeeded").getAttribute("style")).contains("100");
			assertThat(session.errors()).isEmpty();
		}
	}

	@Test
	void anOperatorResubmitsARejectedItemWithAnEditedPromptAndTheNewRunSucceeds() {
		// given: an ended run whose item "rejected" the gateway refused for its prompt
		String parent = ops.submit(MIXED, Map.of("name", "mixed, to resubmit"));
		ops.awaitEnd(parent);
		try (BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			Page page = session.page();
			page.navigate("/runs/" + parent);
			Locator group = failureGroup(page, "REJECTED");

			// when: the group is opened, the prompt edited and the item resubmitted
			group.locator("summary").click();
			Locator prompt = group.getByLabel("Prompt of item rejected");
			assertThat(prompt.inputValue()).contains("#reject");
			prompt.fill("A permitted picture of a red lamp");
			assertThat(group.getByLabel("Resubmit item rejected").isChecked()).isTrue();
			session.screenshots("run-failures");
			group.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resubmit chosen items")).click();
			page.waitForURL(Pattern.compile("/runs/(?!" + parent + ")[^/]+$"));

			// then: the new run's page says where it came from, and follows it to its end
			String child = URI.create(page.url()).getPath().substring("/runs/".length());
			assertThat(page.getByRole(AriaRole.STATUS).first().textContent())
				.contains("Resubmitted 1 item of run " + parent);
			PlaywrightAssertions.assertThat(page.locator("#run-summary .status"))
				.hasText("COMPLETED", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
			assertThat(page.locator("#run-summary").getByRole(AriaRole.IMG).first().getAttribute("aria-label"))
				.startsWith("1 of 1 succeeded, 0 failed");
			session.screenshots("run");
			JsonNode item = ApiClient.json(ops.get("/api/runs/" + child + "/items")).get("content").get(0);
			assertThat(item.get("id").asString()).isEqualTo("rejected");
			assertThat(item.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(item.get("prompt").asString()).isEqualTo("A permitted picture of a red lamp");
			// and the parent's page links to it
			page.navigate("/runs/" + parent);
			page.getByRole(AriaRole.LINK).and(page.locator("[href='/runs/" + child + "']")).click();
			assertThat(URI.create(page.url()).getPath()).isEqualTo("/runs/" + child);
			assertThat(session.errors()).isEmpty();
		}
	}

	@Test
	void aViewerSeesNoActionsAndAForgedPostIsRefused() {
		try (BrowserSession operator = browser.session(serve.base()).logIn("ops", OPS_PASSWORD);
				BrowserSession viewer = browser.session(serve.base()).logIn("viewer", VIEWER_PASSWORD)) {
			// given: a run still running (9 s at the least), and one that ended with
			// failures
			String running = submitSlowRun(60);
			long runsBefore = runCount();
			operator.page().navigate("/runs/" + running);
			assertThat(button(operator.page(), "Stop").count()).as("an operator may stop it").isOne();
			Page page = viewer.page();

			// when
			page.navigate("/runs/" + running);

			// then
			assertThat(page.locator("#run-summary .status").textContent()).isIn("QUEUED", "RUNNING");
			assertThat(button(page, "Stop").count()).isZero();
			assertThat(button(page, "Restart").count()).isZero();
			viewer.screenshot("run-as-viewer");

			// when
			page.navigate("/runs/" + mixedRun);
			Locator group = failureGroup(page, "REJECTED");
			group.locator("summary").click();
			// a viewer reads the group's items: their prompts as text, nothing to tick or
			// edit
			group.getByText("A forbidden #reject picture").waitFor();

			// then
			assertThat(group.locator("textarea, input[type=checkbox]").count()).isZero();
			assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Resubmit")))
				.count()).isZero();
			assertThat(button(page, "Restart").count()).isZero();

			// when: the viewer's session posts what an operator's form would, token and
			// all
			String token = viewer.csrfToken();
			APIResponse stop = page.request()
				.post("/runs/" + running + "/stop",
						RequestOptions.create().setForm(FormData.create().set("_csrf", token)).setMaxRedirects(0));
			APIResponse resubmit = page.request()
				.post("/runs/" + mixedRun + "/resubmit",
						RequestOptions.create()
							.setForm(FormData.create().set("_csrf", token).set("type", "REJECTED"))
							.setMaxRedirects(0));

			// then
			assertThat(stop.status()).isEqualTo(403);
			assertThat(resubmit.status()).isEqualTo(403);
			assertThat(ApiClient.json(ops.get("/api/runs/" + running)).get("status").asString())
				.isNotEqualTo("STOPPED");
			assertThat(runCount()).as("nothing was resubmitted").isEqualTo(runsBefore);
			// the token was good: the same session logs out with it
			APIResponse logout = page.request()
				.post("/logout",
						RequestOptions.create().setForm(FormData.create().set("_csrf", token)).setMaxRedirects(0));
			assertThat(logout.status()).as("logged out").isIn(204, 302);
			assertThat(page.request().get("/runs/" + running, RequestOptions.create().setMaxRedirects(0)).status())
				.as("no longer logged in")
				.isIn(302, 401);
			assertThat(viewer.errors()).isEmpty();
			assertThat(operator.errors()).isEmpty();
		}
	}

	@Test
	void theGalleryShowsAStoredImageWhoseBytesAreTheStoredObjects() {
		try (BrowserSession session = browser.session(serve.base()).logIn("viewer", VIEWER_PASSWORD)) {
			// given
			JsonNode stored = items(mixedRun).stream()
				.filter((item) -> item.get("id").asString().equals("good-1"))
				.findFirst()
				.orElseThrow()
				.get("images")
				.get(0);
			Page page = session.page();

			// when
			page.navigate("/runs/" + mixedRun + "/gallery");
			Locator image = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("A red bicycle"));
			page.waitForFunction("(img) => img.complete && img.naturalWidth > 0", image.elementHandle());

			// then: what the page shows is the object in S3, byte for byte
			APIResponse shown = page.request().get(image.getAttribute("src"));
			assertThat(shown.status()).isEqualTo(200);
			assertThat(Sha256.hex(shown.body())).isEqualTo(stored.get("sha256").asString());
			byte[] object = bed.s3()
				.getObjectAsBytes((request) -> request.bucket("dashboard-tests").key(stored.get("key").asString()))
				.asByteArray();
			assertThat(Sha256.hex(object)).isEqualTo(stored.get("sha256").asString());
			assertThat(page.getByRole(AriaRole.IMG).count()).as("the two images that succeeded").isEqualTo(2);
			session.screenshots("gallery");
			assertThat(session.errors()).isEmpty();
		}
	}

	@Test
	void theCostsPageShowsTheTotalsTheApiAnswersForTheSameDays() throws IOException {
		// given: nothing is spending while the page and the API are read
		Polling.until(Duration.ofSeconds(90), () -> activeRuns() == 0, () -> "no run to be active");
		try (BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			Page page = session.page();

			// when
			page.navigate("/costs");
			String from = page.getByLabel("From").inputValue();
			String to = page.getByLabel("To (included)").inputValue();
			JsonNode byDay = ApiClient.json(ops.get("/api/costs?from=" + from + "&to=" + to + "&groupBy=day"));
			JsonNode byModel = ApiClient.json(ops.get("/api/costs?from=" + from + "&to=" + to + "&groupBy=model"));
			Download csv = page.waitForDownload(
					() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download by day (CSV)"))
						.click());

			// then
			BigDecimal total = new BigDecimal(byDay.get("total_usd").asString());
			assertThat(total).as("the period's spending").isPositive();
			assertThat(new BigDecimal(page.locator("#costs-total").getAttribute("data-usd")))
				.isEqualByComparingTo(total);
			assertThat(new BigDecimal(byModel.get("total_usd").asString())).isEqualByComparingTo(total);
			long images = 0;
			for (JsonNode day : byDay.get("days")) {
				images += day.get("images").asLong();
			}
			assertThat(Long.parseLong(page.locator("#costs-images").textContent().strip())).isEqualTo(images);
			List<BigDecimal> modelRows = page.locator("#costs-by-model tbody tr")
				.all()
				.stream()
				.map((row) -> new BigDecimal(row.getAttribute("data-usd")))
				.toList();
			assertThat(modelRows).hasSize(byModel.get("models").size());
			assertThat(modelRows.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total);
			List<String> lines = Files.readAllLines(csv.path());
			assertThat(lines.get(0)).isEqualTo("day,images,cost_usd,unpriced_images");
			assertThat(lines.stream()
				.skip(1)
				.map((line) -> new BigDecimal(line.split(",")[2]))
				.reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total);
			session.screenshots("costs");
			assertThat(session.errors()).isEmpty();
		}
	}

	@Test
	void theItemsAndWorkersPagesShowWhatTheApiKnows() {
		try (BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			Page page = session.page();

			// when
			page.navigate("/runs/" + mixedRun + "/items");

			// then
			Locator rows = page.getByRole(AriaRole.TABLE).getByRole(AriaRole.ROW);
			assertThat(rows.count()).as("a header and the run's four items").isEqualTo(1 + items(mixedRun).size());
			session.screenshots("items");

			// when: only the failed ones
			page.getByLabel("Status").selectOption("FAILED");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
			page.waitForURL(Pattern.compile("status=FAILED"));

			// then
			assertThat(rows.count()).isEqualTo(2);
			assertThat(rows.nth(1).textContent()).contains("rejected", "REJECTED");

			// when
			page.navigate("/workers");

			// then: serve's own worker, alive
			JsonNode workers = ApiClient.json(ops.get("/api/workers"));
			Locator table = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Live workers"));
			assertThat(table.locator("tbody tr").count()).isEqualTo(workers.get("workers").size()).isPositive();
			assertThat(table.textContent()).contains(workers.get("workers").get(0).get("id").asString());
			assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Gateways")).textContent())
				.contains("sim", "slow");
			session.screenshots("workers");
			assertThat(session.errors()).isEmpty();
		}
	}

	/** The failure group of {@code type} on a Run page, closed. */
	private static Locator failureGroup(Page page, String type) {
		return page.locator("details")
			.filter(new Locator.FilterOptions().setHas(page.locator("summary strong",
					new Page.LocatorOptions().setHasText(Pattern.compile("^" + type + "$")))));
	}

	private static Locator button(Page page, String name) {
		return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
	}

	private static List<JsonNode> items(String run) {
		List<JsonNode> items = new ArrayList<>();
		ApiClient.json(ops.get("/api/runs/" + run + "/items")).get("content").forEach(items::add);
		return items;
	}

	private static long activeRuns() {
		return ApiClient.json(ops.get("/api/runs?status=QUEUED")).get("total_elements").asLong()
				+ ApiClient.json(ops.get("/api/runs?status=RUNNING")).get("total_elements").asLong();
	}

	private static long runCount() {
		return ApiClient.json(ops.get("/api/runs")).get("total_elements").asLong();
	}

	/**
	 * Waits, in the page, until the bar of run {@code id} says at least {@code atLeast}
	 * items succeeded, and answers how many it says. The table is swapped out on each
	 * refresh, so the bar is looked up afresh each time.
	 */
	private static int waitForSucceeded(Page page, String id, int atLeast) {
		page.waitForFunction("""
				([id, atLeast]) => {
					const bar = document.querySelector(`tr[data-run="${id}"] .bar[role=img]`);
					return bar !== null && parseInt(bar.getAttribute('aria-label'), 10) >= atLeast;
				}""", List.of(id, atLeast), new Page.WaitForFunctionOptions().setTimeout(60_000));
		return succeeded(progressBar(page, id).getAttribute("aria-label"));
	}

	/** The progress bar in run {@code id}'s row, found as a screen reader finds it. */
	private static Locator progressBar(Page page, String id) {
		return page.locator("tr[data-run='" + id + "']")
			.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName(Pattern.compile(" succeeded, ")));
	}

	private static int succeeded(String label) {
		Matcher matcher = BAR_LABEL.matcher(label);
		assertThat(matcher.find()).as(label).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static String submitSlowRun(int rows) {
		String json = IntStream.rangeClosed(1, rows)
			.mapToObj((i) -> "{\"id\": \"lamp-" + i + "\", \"prompt\": \"A small lamp, view " + i + "\"}")
			.collect(Collectors.joining(", ", "{\"rows\": [", "]"));
		HttpResponse<String> submitted = ops.post("/api/runs", json + """
				, "defaults": {"model": "dall-e-2", "size": "256x256"}, "gateway": "slow", "name": "slow lamps"}
				""");
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		return ApiClient.json(submitted).get("id").asString();
	}

}
