package io.imagebatch.dashboard;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The dashboard's Schedules pages over real HTTP, against {@code serve} in a process of
 * its own: what the list and a schedule's page show, the form's fire times and estimate
 * as they are typed, a refused form shown again with the message beside its field,
 * creating, firing now, pausing and deleting as an operator, and a viewer shown no action
 * and refused every one.
 */
class SchedulePagesIntegrationTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-5";

	private static final String VIEWER_PASSWORD = "viewer-Secret-pass-6";

	private static final String NIGHTLY = "0 30 2 * * *";

	/** A fire time at 02:30 in Berlin, in winter or summer. */
	private static final Pattern BERLIN_0230 = Pattern.compile("\\d{4}-\\d\\d-\\d\\d 02:30 CES?T");

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static ApiClient ops;

	private static String source;

	@BeforeAll
	static void serve() {
		bed = new GatewayTestBed(temp, "schedule-pages-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		bed.user("viewer", VIEWER_PASSWORD, "VIEWER");
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		source = bed.csv(MIXED).toString();
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void aCreatedScheduleIsListedWithItsNextThreeFireTimesInItsZone() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		create(session, aSchedule("listed-nightly"));

		// when
		String list = session.get("/schedules").body();

		// then
		String row = row(list, "listed-nightly");
		assertThat(row).contains("href=\"/schedules/listed-nightly\"", "<code>" + NIGHTLY + "</code>", "Europe/Berlin",
				"Enabled", "none yet");
		assertThat(fireTimes(row)).hasSize(3).allSatisfy((time) -> assertThat(time).containsPattern(BERLIN_0230));
		assertThat(row).containsPattern("in (\\d+ d )?\\d+ (h|min)");
		assertThat(list).contains(">Schedules</a>", "aria-current=\"page\"", "New schedule");
	}

	@Test
	void theFormShowsTheNextFiveFireTimesOfACronInAZoneAndWhatIsWrongWithABadOne() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);

		// when
		String nightly = session.get(fireTimesOf(NIGHTLY, "Europe/Berlin")).body();
		String badCron = session.get(fireTimesOf("61 * * * *", "Europe/Berlin")).body();
		String badZone = session.get(fireTimesOf(NIGHTLY, "Mars/Base")).body();

		// then
		assertThat(fireTimes(nightly)).hasSize(5).allSatisfy((time) -> assertThat(time).containsPattern(BERLIN_0230));
		assertThat(fieldError(nightly, "cron")).isEmpty();
		assertThat(fireTimes(badCron)).isEmpty();
		assertThat(fieldError(badCron, "cron")).contains("&#39;61 * * * *&#39; is not a cron expression");
		assertThat(badCron).contains("hx-swap-oob=\"true\"");
		assertThat(fieldError(badZone, "zone")).contains("&#39;Mars/Base&#39; is not a time zone");
		assertThat(fieldError(badZone, "cron")).isEmpty();
	}

	@Test
	void aRefusedFormIsShownAgainWithTheMessageBesideItsFieldAndItsValuesAndCreatesNothing() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		Map<String, String> cases = Map.of("cron", "61 * * * *", "zone", "Mars/Base", "daily_cap_usd", "-5", "source",
				"<script>alert(1)</script>.csv");
		cases.forEach((field, value) -> {
			// when
			HttpResponse<String> refused = create(session,
					aSchedule("refused-" + field.replace('_', '-')).with(field, value));

			// then
			assertThat(refused.statusCode()).as(field).isEqualTo(400);
			String html = refused.body();
			assertThat(fieldError(html, field)).as(field).isNotEmpty();
			assertThat(html).as(field)
				.containsPattern("id=\"" + field + "\"[^>]*aria-invalid=\"true\"")
				.contains("The schedule was not saved", "href=\"#" + field + "\"")
				.contains("value=\"refused-" + field.replace('_', '-') + "\"")
				.doesNotContain("<script>alert(1)");
			assertThat(session.get("/schedules/refused-" + field.replace('_', '-')).statusCode()).as(field)
				.isEqualTo(404);
		});
	}

	@Test
	void aCreatedScheduleLeadsToItsPageWithEverythingItIsSetTo() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);

		session.get("/schedules/new");

		// when
		HttpResponse<String> created = session.post("/schedules",
				aSchedule("created-page").with("budget_usd", "2.50").with("monthly_cap_usd", "40"));

		// then
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(created.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/schedules/created-page"));
		String page = session.get("/schedules/created-page").body();
		assertThat(page).contains("Schedule created.", "It fires next", "<h1>created-page</h1>", source,
				"model=dall-e-2, size=256x256", "sim (the default)", "$2.50", "$10.00", "$40.00",
				"Skip a firing while the previous run is still queued or running", "It has not fired yet.");
		assertThat(fireTimes(page)).hasSize(5);
	}

	@Test
	void runNowCreatesARunThatTheNoticeAndTheFiringLinkTo() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		create(session, aSchedule("fired-now"));

		// when
		HttpResponse<String> fired = session.post("/schedules/fired-now/run-now", Map.of());

		// then
		assertThat(fired.statusCode()).isEqualTo(302);
		String page = session.get("/schedules/fired-now").body();
		Matcher notice = Pattern
			.compile("Run created for this firing:</span>\\s*<a class=\"mono\" href=\"/runs/([^\"]+)\"")
			.matcher(page);
		assertThat(notice.find()).as(page).isTrue();
		String run = notice.group(1);
		assertThat(ApiClient.json(ops.get("/api/runs/" + run)).get("name").asString()).startsWith("fired-now ");
		String firings = page.substring(page.indexOf("id=\"firings-heading\""));
		assertThat(firings).contains("Run now", "Run created", "asked for by ops", "href=\"/runs/" + run + "\"");
		assertThat(row(session.get("/schedules").body(), "fired-now")).contains("href=\"/runs/" + run + "\"");
		assertThat(session.get("/runs/" + run).body())
			.contains("Fired by schedule <a href=\"/schedules/fired-now\">fired-now</a>");
		ops.awaitEnd(run);
	}

	@Test
	void aPausedScheduleHasNoNextFireTimesUntilResumed() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		create(session, aSchedule("paused-nightly"));

		// when
		HttpResponse<String> paused = session.post("/schedules/paused-nightly/pause", Map.of());

		// then
		assertThat(paused.statusCode()).isEqualTo(302);
		String page = session.get("/schedules/paused-nightly").body();
		assertThat(page).contains("Paused: it fires no more until resumed", "class=\"state paused\"", ">Resume<");
		assertThat(fireTimes(page)).isEmpty();
		String row = row(session.get("/schedules").body(), "paused-nightly");
		assertThat(row).contains("Paused", "none while paused");
		assertThat(fireTimes(row)).isEmpty();

		// when
		session.post("/schedules/paused-nightly/resume", Map.of());

		// then
		assertThat(fireTimes(session.get("/schedules/paused-nightly").body())).hasSize(5);
	}

	@Test
	void anEditedScheduleKeepsItsNameAndFiresOnItsNewCron() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		create(session, aSchedule("edited"));
		String form = session.get("/schedules/edited/edit").body();
		assertThat(form).contains("value=\"" + NIGHTLY + "\"", "value=\"" + source + "\"", "readonly");

		// when
		HttpResponse<String> saved = session.post("/schedules/edited/edit",
				aSchedule("another-name").with("cron", "0 0 6 * * MON").with("zone", "UTC"));

		// then
		assertThat(saved.statusCode()).isEqualTo(302);
		String page = session.get("/schedules/edited").body();
		assertThat(page).contains("Schedule saved.", "<code>0 0 6 * * MON</code>");
		assertThat(fireTimes(page)).hasSize(5).allSatisfy((time) -> assertThat(time).contains("Mon ", "06:00 UTC"));
		assertThat(session.get("/schedules/another-name").statusCode()).isEqualTo(404);
	}

	@Test
	void aDeletedScheduleIsAskedForAgainThenGone() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		create(session, aSchedule("deleted"));
		String page = session.get("/schedules/deleted").body();
		assertThat(page).contains("<summary class=\"button danger\">Delete…</summary>", "Yes, delete deleted");

		// when
		HttpResponse<String> deleted = session.post("/schedules/deleted/delete", Map.of());

		// then
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(session.get("/schedules").body()).contains("Schedule deleted was deleted")
			.doesNotContain("data-schedule=\"deleted\"");
		HttpResponse<String> gone = session.get("/schedules/deleted");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.body()).contains("no schedule named &#39;deleted&#39;", "href=\"/schedules\"");
	}

	@Test
	void theEstimateShowsWhatOneFiringWouldCostAndCreatesNoRun() {
		// given
		FormSession session = session("ops", OPS_PASSWORD);
		session.get("/schedules/new");
		long runsBefore = runCount();

		// when
		String estimate = session.post("/schedules/form/estimate", aSchedule("")).body();
		String unreadable = session
			.post("/schedules/form/estimate", aSchedule("").with("source", temp.resolve("missing.csv").toString()))
			.body();

		// then
		assertThat(estimate).startsWith("<div id=\"estimate\"")
			.contains("4 (3 valid, 1 invalid)", "n must be 1 for dall-e-3", "$0.048");
		assertThat(unreadable).contains("notice error").contains("missing.csv");
		assertThat(runCount()).isEqualTo(runsBefore);
		assertThat(session.get("/schedules").body()).doesNotContain("data-schedule=\"\"");
	}

	@Test
	void aViewerSeesNoActionAndIsRefusedEveryOne() {
		// given
		create(session("ops", OPS_PASSWORD), aSchedule("viewed"));
		FormSession viewer = session("viewer", VIEWER_PASSWORD);
		long runsBefore = runCount();

		// when
		String list = viewer.get("/schedules").body();
		String page = viewer.get("/schedules/viewed").body();
		List<Integer> refusals = List
			.of(viewer.post("/schedules", aSchedule("forged")), viewer.post("/schedules/viewed/pause", Map.of()),
					viewer.post("/schedules/viewed/run-now", Map.of()),
					viewer.post("/schedules/viewed/edit", aSchedule("viewed").with("cron", "@hourly")),
					viewer.post("/schedules/viewed/delete", Map.of()),
					viewer.post("/schedules/form/estimate", aSchedule("viewed")))
			.stream()
			.map(HttpResponse::statusCode)
			.toList();

		// then
		assertThat(row(list, "viewed")).doesNotContain("<button", "<form");
		assertThat(list).doesNotContain("New schedule");
		assertThat(page).contains("<h1>viewed</h1>")
			.doesNotContain(">Pause<", ">Run now<", ">Edit<", "Delete…", "action=\"/schedules");
		assertThat(refusals).containsOnly(403).hasSize(6);
		String after = viewer.get("/schedules/viewed").body();
		assertThat(after).contains("Enabled", "<code>" + NIGHTLY + "</code>", "It has not fired yet.");
		assertThat(viewer.get("/schedules/forged").statusCode()).isEqualTo(404);
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	private static FormSession session(String user, String password) {
		return new FormSession(serve.base(), user, password);
	}

	/**
	 * Posts the new-schedule form, as the form's page would, and follows a redirect as a
	 * browser would (its notice shown once).
	 */
	private static HttpResponse<String> create(FormSession session, Map<String, String> form) {
		session.get("/schedules/new");
		HttpResponse<String> created = session.post("/schedules", form);
		created.headers().firstValue("Location").ifPresent((location) -> session.get(URI.create(location).getPath()));
		return created;
	}

	/** A nightly schedule in Berlin of the sample rows, as the form posts it. */
	private static Fields aSchedule(String name) {
		return new Fields().with("name", name)
			.with("cron", NIGHTLY)
			.with("zone", "Europe/Berlin")
			.with("enabled", "true")
			.with("overlap", "SKIP")
			.with("misfire", "SKIP")
			.with("source", source)
			.with("model", "dall-e-2")
			.with("size", "256x256")
			.with("daily_cap_usd", "10");
	}

	private static String fireTimesOf(String cron, String zone) {
		return "/schedules/form/fire-times?cron=" + URLEncoder.encode(cron, StandardCharsets.UTF_8) + "&zone="
				+ URLEncoder.encode(zone, StandardCharsets.UTF_8);
	}

	private static long runCount() {
		return ApiClient.json(ops.get("/api/runs")).get("total_elements").asLong();
	}

	/** The list's row of a schedule. */
	private static String row(String html, String schedule) {
		int start = html.indexOf("data-schedule=\"" + schedule + "\"");
		assertThat(start).as("a row of " + schedule).isNotNegative();
		return html.substring(start, html.indexOf("</tr>", start));
	}

	/** The fire times listed, as text. */
	private static List<String> fireTimes(String html) {
		return Pattern.compile("<li data-fire-time><span>([^<]*)</span>")
			.matcher(html)
			.results()
			.map((match) -> match.group(1))
			.toList();
	}

	/** The error beside a field, empty when there is none. */
	private static String fieldError(String html, String field) {
		Matcher error = Pattern.compile("<p class=\"field-error\" id=\"" + field + "-error\"[^>]*>([^<]*)</p>")
			.matcher(html);
		assertThat(error.find()).as("the error element of " + field).isTrue();
		return error.group(1);
	}

	/** A form's fields, in order. */
	private static final class Fields extends LinkedHashMap<String, String> {

		Fields with(String field, String value) {
			put(field, value);
			return this;
		}

	}

}
