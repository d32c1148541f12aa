package io.imagebatch.dashboard;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.BrowserSession;
import io.imagebatch.testsupport.DashboardBrowser;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imagebatch.testsupport.SampleRows.MIXED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Schedules pages in a real browser (the system's chromium) against {@code serve} in
 * a process of its own: an operator makes a schedule through the form, guided by what it
 * says as the cron is typed, fires it, follows its run and pauses it. Leaves screenshots
 * of the list, a schedule and the form under {@code target/screenshots}, each checked for
 * accessibility, at a desktop's and a phone's width.
 */
class ScheduleBrowserTests {

	private static final String OPS_PASSWORD = "ops-Secret-pass-7";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess serve;

	private static DashboardBrowser browser;

	private static ApiClient ops;

	private static String source;

	@BeforeAll
	static void serve() {
		browser = DashboardBrowser.launch();
		bed = new GatewayTestBed(temp, "schedule-browser-tests");
		bed.gateway("sim", (settings) -> settings);
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", OPS_PASSWORD, "OPERATOR");
		// the list starts empty, whatever ran before on the same database
		bed.deleteSchedules();
		serve = bed.serve();
		ops = ApiClient.anonymous(serve.base()).as("ops", OPS_PASSWORD);
		source = bed.csv(MIXED).toString();
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
	void anOperatorMakesAScheduleThroughTheFormRunsItNowFollowsItsRunAndPausesIt() {
		try (BrowserSession session = browser.session(serve.base()).logIn("ops", OPS_PASSWORD)) {
			Page page = session.page();
			page.navigate("/schedules");
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("No schedules yet")))
				.isVisible();
			session.screenshots("schedules-empty");

			// when: the form, a cron it cannot read typed first
			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New schedule")).click();
			field(page, "Name").fill("nightly-lamps");
			Locator cron = field(page, "Cron");
			cron.pressSequentially("61 * * * *");

			// then: the error beside the field, the field marked invalid
			Locator cronError = page.locator("#cron-error");
			assertThat(cronError).containsText("is not a cron expression",
					new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
			assertThat(cron).hasAttribute("aria-invalid", "true");
			assertThat(page.locator("#fire-times li")).hasCount(0);
			session.screenshots("schedule-form-cron-error");

			// when: a good one, in Berlin
			cron.fill("");
			cron.pressSequentially("0 30 2 * * *");
			field(page, "Time zone").fill("Europe/Berlin");

			// then: its next five fire times, at 02:30 Berlin time
			Locator times = page.locator("#fire-times li");
			assertThat(times).hasCount(5, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
			assertThat(times.first()).containsText(Pattern.compile("02:30 CES?T"));
			assertThat(cronError).isEmpty();
			assertThat(cron).not().hasAttribute("aria-invalid", "true");

			// when: the rest, and what one firing would cost
			long runsBefore = runCount();
			field(page, "Source").fill(source);
			field(page, "Model").fill("dall-e-2");
			field(page, "Size").fill("256x256");
			field(page, "Per day (USD)").fill("5");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Estimate one firing")).click();

			// then
			assertThat(page.locator("#estimate")).containsText("4 (3 valid, 1 invalid)");
			assertThat(page.locator("#estimate")).containsText("$0.048");
			assertThat(runCount()).as("no run was created").isEqualTo(runsBefore);
			session.screenshots("schedule-form");

			// when
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create schedule")).click();
			page.waitForURL("**/schedules/nightly-lamps");

			// then
			assertThat(page.getByRole(AriaRole.STATUS)).containsText("Schedule created.");
			assertThat(page.locator("ol.times li")).hasCount(5);

			// when: fired now
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run now")).click();

			// then: the notice links to its run, and so does the firing
			Locator runLink = page.getByRole(AriaRole.STATUS)
				.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(Pattern.compile("^run ")));
			assertThat(runLink).isVisible();
			String run = runLink.textContent().substring("run ".length()).strip();
			assertThat(page.locator("table.firings")).containsText("Run created");
			assertThat(page.locator("table.firings")).containsText(run);
			ops.awaitEnd(run);
			page.reload();
			session.screenshots("schedule");

			// when: the run's link followed
			page.locator("table.firings").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(run)).click();

			// then
			assertThat(URI.create(page.url()).getPath()).isEqualTo("/runs/" + run);
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
				.containsText("nightly-lamps");

			// when: back to it, paused
			page.goBack();
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause")).click();

			// then
			assertThat(page.locator(".title-row .state")).hasText("Paused");
			assertThat(page.locator("ol.times li")).hasCount(0);
			assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume"))).isVisible();

			// and the list says so, with its last firing and run, beside one that fires
			APIResponse another = page.request()
				.post("/schedules",
						RequestOptions.create()
							.setForm(FormData.create()
								.set("_csrf", session.csrfToken())
								.set("name", "hourly-check")
								.set("cron", "@hourly")
								.set("zone", "America/New_York")
								.set("enabled", "true")
								.set("overlap", "QUEUE")
								.set("misfire", "RUN_ONCE")
								.set("source", source)
								.set("monthly_cap_usd", "25"))
							.setMaxRedirects(0));
			assertThat(another.status()).as(another.text()).isEqualTo(302);
			page.navigate("/schedules");
			assertThat(page.locator("tr[data-schedule='hourly-check'] li")).hasCount(3);
			Locator row = page.locator("tr[data-schedule='nightly-lamps']");
			assertThat(row).containsText("Paused");
			assertThat(row).containsText("none while paused");
			assertThat(row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(run)).first()).isVisible();
			session.screenshots("schedules");
			assertThat(session.errors()).isEmpty();
		}
	}

	private static long runCount() {
		return ApiClient.json(ops.get("/api/runs")).get("total_elements").asLong();
	}

	/** The input labelled exactly so ("Cron", not "Enabled: fires on its cron"). */
	private static Locator field(Page page, String label) {
		return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
	}

}
