package io.imagebatch.dashboard;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitUntilState;
import io.imagebatch.testsupport.BrowserSession;
import io.imagebatch.testsupport.DashboardBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How fast the dashboard's pages are for a browser: time to first render and to
 * interactive, and the server's time for the HTML, for pages of a {@code serve} that
 * {@code scripts/dashboard-bench.sh} started and seeded. Prints figures; asserts nothing
 * about them (timing depends on the machine). Runs only with {@code -Dbenchmark=true},
 * and reads:
 * <ul>
 * <li>{@code dashboard.base}: the server, such as {@code http://localhost:18280}</li>
 * <li>{@code dashboard.user}, {@code dashboard.password}: a login</li>
 * <li>{@code dashboard.pages}: {@code name=path} pairs separated by {@code ;}</li>
 * <li>{@code dashboard.loads}: warm loads a page (default 5)</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DashboardBenchmark {

	/**
	 * Marks, in the page's own clock, when htmx had processed the page and when each
	 * event stream opened.
	 */
	private static final String MARKS = """
			window.benchmark = {htmxReady: null, streamsOpen: 0};
			document.addEventListener('htmx:load', () => {
				if (window.benchmark.htmxReady === null) { window.benchmark.htmxReady = performance.now(); }
			}, true);
			document.addEventListener('htmx:sseOpen', () => {
				window.benchmark.streamsOpen++;
				window.benchmark.streamOpen = performance.now();
			}, true);
			""";

	/**
	 * Interactive: the load event has ended, htmx has processed the page, and every event
	 * stream the page declares is open (a page without any needs none).
	 */
	private static final String INTERACTIVE = """
			() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0
				&& window.htmx !== undefined && window.benchmark.htmxReady !== null
				&& window.benchmark.streamsOpen >= document.querySelectorAll('[sse-connect]').length
			""";

	private static final String TIMINGS = """
			() => {
				const nav = performance.getEntriesByType('navigation')[0];
				const paint = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
				const streams = document.querySelectorAll('[sse-connect]').length;
				return {
					fcp: paint ? paint.startTime : -1,
					domContentLoaded: nav.domContentLoadedEventEnd,
					load: nav.loadEventEnd,
					interactive: Math.max(nav.loadEventEnd, window.benchmark.htmxReady,
						streams > 0 ? window.benchmark.streamOpen : 0),
					server: nav.responseEnd - nav.requestStart,
					firstByte: nav.responseStart - nav.requestStart,
					html: nav.decodedBodySize,
					streams: streams
				};
			}""";

	@Test
	void timesThePages() throws IOException {
		URI base = URI.create(System.getProperty("dashboard.base", "http://localhost:18280"));
		String user = System.getProperty("dashboard.user", "demo");
		String password = System.getProperty("dashboard.password", "");
		int loads = Integer.getInteger("dashboard.loads", 5);
		List<String[]> pages = Arrays.stream(System.getProperty("dashboard.pages", "runs=/").split(";"))
			.map((pair) -> pair.split("=", 2))
			.toList();
		List<String> lines = new ArrayList<>();
		lines.add("| page | load | first render (FCP) | DOMContentLoaded | load event | interactive | server: HTML "
				+ "(first byte) | HTML |");
		lines.add("|---|---|---|---|---|---|---|---|");
		try (DashboardBrowser browser = DashboardBrowser.launch()) {
			for (String[] page : pages) {
				// a new session a page: its first load is cold (no cached scripts or
				// styles)
				try (BrowserSession session = browser.session(base).logIn(user, password)) {
					lines.addAll(measure(session, page[0], page[1], loads));
					if (!session.errors().isEmpty()) {
						lines.add("| " + page[0] + " | errors: " + session.errors() + " |");
					}
				}
			}
		}
		String table = String.join("\n", lines);
		System.out.println(table);
		Files.writeString(Path.of("target", "dashboard-bench.md"), table + "\n");
	}

	private static List<String> measure(BrowserSession session, String name, String path, int loads) {
		Page page = session.page();
		BrowserContext context = page.context();
		context.addInitScript(MARKS);
		// the login page has the same styles and scripts: forget them, so the first load
		// is cold
		context.newCDPSession(page).send("Network.clearBrowserCache");
		List<Map<String, Object>> cold = List.of();
		List<Map<String, Object>> warm = new ArrayList<>();
		for (int i = 0; i <= loads; i++) {
			Map<String, Object> timings = load(page, path);
			if (timings == null) {
				return List.of("| " + name + " | `" + path + "` not served |");
			}
			if (i == 0) {
				cold = List.of(timings);
			}
			else {
				warm.add(timings);
			}
		}
		return List.of(row(name + " (`" + path + "`)", "first, cold", cold),
				row("", "median of " + loads + " warm", warm));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> load(Page page, String path) {
		Response response = page.navigate(path, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD));
		if (response == null || response.status() != 200 || page.url().contains("/login")) {
			return null;
		}
		page.waitForFunction(INTERACTIVE);
		return (Map<String, Object>) page.evaluate(TIMINGS);
	}

	private static String row(String name, String which, List<Map<String, Object>> timings) {
		return "| %s | %s | %s | %s | %s | %s | %s (%s) | %.0f KB |".formatted(name, which, ms(timings, "fcp"),
				ms(timings, "domContentLoaded"), ms(timings, "load"), ms(timings, "interactive"), ms(timings, "server"),
				ms(timings, "firstByte"), median(timings, (t) -> number(t, "html")) / 1024);
	}

	private static String ms(List<Map<String, Object>> timings, String key) {
		return "%.0f ms".formatted(median(timings, (t) -> number(t, key)));
	}

	private static double number(Map<String, Object> timings, String key) {
		return ((Number) timings.get(key)).doubleValue();
	}

	private static double median(List<Map<String, Object>> timings, ToDoubleFunction<Map<String, Object>> value) {
		double[] sorted = timings.stream().mapToDouble(value).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

}
