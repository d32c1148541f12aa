package io.imagebatch.testsupport;

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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A browser's session with the dashboard as plain HTTP: HTTP Basic on every request, the
 * session cookie kept, redirects not followed, and the CSRF token of the last page read
 * sent with every form, as a browser's form would send it.
 */
public final class FormSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI base;

	private final String authorization;

	private String csrf = "";

	public FormSession(URI base, String user, String password) {
		this.base = base;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Reads a page, keeping its CSRF token for the next form. */
	public HttpResponse<String> get(String path) {
		HttpResponse<String> response = send(request(path).GET());
		Matcher token = CSRF.matcher(response.body());
		if (token.find()) {
			this.csrf = token.group(1);
		}
		return response;
	}

	/**
	 * Posts a form with the CSRF token (read from the home page first when no page was
	 * read yet).
	 */
	public HttpResponse<String> post(String path, Map<String, String> fields) {
		if (this.csrf.isEmpty()) {
			get("/");
		}
		String form = Stream
			.concat(fields.entrySet().stream().map((field) -> encode(field.getKey()) + "=" + encode(field.getValue())),
					List.of("_csrf=" + encode(this.csrf)).stream())
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path))
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
