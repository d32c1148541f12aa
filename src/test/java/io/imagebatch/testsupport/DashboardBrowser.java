package io.imagebatch.testsupport;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's chromium driven by Playwright, for the dashboard's browser tests: one
 * browser per test class, a {@link BrowserSession} (a fresh context, so a fresh login)
 * per user of a test. Playwright never downloads a browser here: the build sets
 * {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} and {@code .ci/run} installs Debian's
 * {@code chromium}. Where none is installed, the tests are skipped, and say why.
 */
public final class DashboardBrowser implements AutoCloseable {

	/** Where every test leaves its screenshots for a reviewer. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/**
	 * Quiet and offline: without the networking flags, chromium waits on connections a
	 * closed network refuses (updates, sync, safe browsing); without a sandbox and
	 * {@code /dev/shm} it also runs as root and in small containers.
	 */
	private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");

	private final Playwright playwright;

	private final Browser browser;

	private DashboardBrowser(Playwright playwright, Browser browser) {
		this.playwright = playwright;
		this.browser = browser;
	}

	/**
	 * Starts chromium, or skips the calling test class when none is installed.
	 */
	public static DashboardBrowser launch() {
		Optional<Path> chromium = chromium();
		Assumptions.assumeTrue(chromium.isPresent(),
				"no chromium on the PATH or at /usr/bin/chromium: the dashboard's browser tests are skipped "
						+ "(install it with 'apt-get install chromium'; .ci/run does)");
		// the driver (node and Playwright's scripts) comes out of the driver-bundle jar
		// into a temporary folder on each start; no browser is fetched
		long start = System.nanoTime();
		Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		long ready = System.nanoTime();
		try {
			Browser browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(chromium.get()).setArgs(ARGS));
			long launched = System.nanoTime();
			// in the test's output: what a browser test costs before it starts
			System.out.printf("Playwright driver ready in %d ms, %s %s started in %d ms%n", (ready - start) / 1_000_000,
					chromium.get(), browser.version(), (launched - ready) / 1_000_000);
			return new DashboardBrowser(playwright, browser);
		}
		catch (RuntimeException ex) {
			playwright.close();
			throw ex;
		}
	}

	/** Where chromium is: the PATH's {@code chromium}, or Debian's usual place. */
	public static Optional<Path> chromium() {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream
			.concat(Stream.of(path.split(File.pathSeparator)).filter((dir) -> !dir.isEmpty()), Stream.of("/usr/bin"))
			.map((dir) -> Path.of(dir, "chromium"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * A new browser context (its own cookies, so its own login) with a page on
	 * {@code base}.
	 */
	public BrowserSession session(URI base) {
		return new BrowserSession(this.browser, base);
	}

	public Browser browser() {
		return this.browser;
	}

	@Override
	public void close() {
		this.browser.close();
		this.playwright.close();
	}

}
