package io.imagebatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Node;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * One user in the browser: a context of its own (cookies, so a login) and its page, which
 * keeps every console error and uncaught script error the page showed, so that a test can
 * assert there was none.
 */
public final class BrowserSession implements AutoCloseable {

	private static final int DESKTOP_WIDTH = 1280;

	private static final int DESKTOP_HEIGHT = 900;

	private static final int PHONE_WIDTH = 390;

	private static final int PHONE_HEIGHT = 844;

	private static final String HTMX_ERRORS = """
			['htmx:responseError', 'htmx:sendError', 'htmx:sseError', 'htmx:swapError', 'htmx:targetError',
				'htmx:onLoadError'].forEach((type) => document.addEventListener(type, (event) => console.error(
					type + ' ' + JSON.stringify({status: event.detail?.xhr?.status, url: event.detail?.pathInfo?.requestPath
						|| event.detail?.source?.url, target: event.target?.id || event.target?.tagName,
						readyState: event.detail?.source?.readyState})), true));
			""";

	private final BrowserContext context;

	private final Page page;

	private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

	BrowserSession(Browser browser, URI base) {
		this.context = browser.newContext(new Browser.NewContextOptions().setBaseURL(base.toString())
			.setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT));
		// htmx logs its error events as the bare word "Event": say which and about what
		this.context.addInitScript(HTMX_ERRORS);
		this.page = this.context.newPage();
		this.page.onConsoleMessage((message) -> {
			if (message.type().equals("error")) {
				this.errors.add("console: " + message.text() + " at " + message.location());
			}
		});
		this.page.onPageError((error) -> this.errors.add("page error: " + error));
	}

	public Page page() {
		return this.page;
	}

	/**
	 * Logs in through the login page's form and waits for the page it leads to: the
	 * dashboard, or the login page again with its error.
	 */
	public BrowserSession logIn(String user, String password) {
		this.page.navigate("/login");
		this.page.getByLabel("Name").fill(user);
		this.page.getByLabel("Password").fill(password);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
		this.page.waitForURL((url) -> !url.endsWith("/login"));
		return this;
	}

	/**
	 * The CSRF token of the page shown (every page with a form carries one: the header's
	 * "Log out"), for requests a test makes as this user.
	 */
	public String csrfToken() {
		return this.page.locator("input[name=_csrf]").first().inputValue();
	}

	/**
	 * Writes the whole page as {@code target/screenshots/<name>.png} at 1280 px wide.
	 */
	public Path screenshot(String name) {
		return shoot(name);
	}

	/**
	 * The same, and the page again at a phone's width as {@code <name>-phone.png}; a page
	 * wider than the phone is one of the {@link #errors()}.
	 */
	public List<Path> screenshots(String name) {
		checkAccessibility(name);
		Path desktop = shoot(name);
		this.page.setViewportSize(PHONE_WIDTH, PHONE_HEIGHT);
		try {
			settle();
			// a page wider than the phone scrolls sideways: counted with the errors
			Object width = this.page.evaluate("() => document.documentElement.scrollWidth");
			if (((Number) width).intValue() > PHONE_WIDTH) {
				this.errors.add("layout: " + name + " is " + width + " px wide on a " + PHONE_WIDTH + " px phone");
			}
			return List.of(desktop, shoot(name + "-phone"));
		}
		finally {
			this.page.setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT);
			settle();
		}
	}

	/**
	 * Runs axe-core on the page as shown, for the WCAG 2.1 A and AA rules (labels, names,
	 * contrast, landmarks, keyboard): each violation is one of the {@link #errors()},
	 * with where it is.
	 */
	public void checkAccessibility(String name) {
		AxeResults results = new AxeBuilder(this.page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze();
		for (Rule violation : results.getViolations()) {
			this.errors.add("accessibility: " + name + ": " + violation.getId() + " (" + violation.getImpact() + ") "
					+ violation.getHelp() + " at " + violation.getNodes().stream().map(Node::getTarget).toList());
		}
	}

	/**
	 * Every console error, uncaught script error, accessibility violation and page too
	 * wide for a phone so far, in order.
	 */
	public List<String> errors() {
		return List.copyOf(this.errors);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private Path shoot(String name) {
		try {
			Files.createDirectories(DashboardBrowser.SCREENSHOTS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path file = DashboardBrowser.SCREENSHOTS.resolve(name + ".png");
		this.page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
		return file;
	}

	/** Lets the page lay itself out again (charts follow their box's size). */
	private void settle() {
		this.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
	}

}
