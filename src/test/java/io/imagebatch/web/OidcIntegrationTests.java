package io.imagebatch.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.RSAKey;
import io.imagebatch.testsupport.ApiClient;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect in {@code serve} (DESIGN §2.5), against a Spring Authorization Server
 * started by the test: programs call the API with the issuer's bearer tokens, people log
 * in to the pages through the issuer, and the roles come from a configurable claim of
 * either token. Two {@code serve} processes: one with the issuer alone (no user from
 * configuration at all), started after the issuer; one with roles in a nested claim and a
 * Basic user beside the issuer, started before the issuer was up.
 */
class OidcIntegrationTests {

	private static final String RUNS = "/api/runs";

	private static final String SUBMIT = """
			{"rows":[{"prompt":"a red bicycle","model":"dall-e-2","size":"256x256"}]}""";

	private static final String FORBIDDEN = ProblemType.FORBIDDEN.type().toString();

	private static final String UNAUTHENTICATED = ProblemType.UNAUTHENTICATED.type().toString();

	private static final String BASIC_USER = "ops";

	private static final String BASIC_PASSWORD = "ops-password";

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static TestAuthorizationServer issuer;

	/** The issuer's roles claim, browser login, no users from configuration. */
	private static ServeProcess serve;

	/**
	 * Roles in {@code realm_access.roles}, a Basic user too; started before the issuer.
	 */
	private static ServeProcess nestedClaimServe;

	/** A bearer call while the issuer was not up yet. */
	private static HttpResponse<String> beforeTheIssuer;

	/** Every response a browser of these tests received from anyone. */
	private static final List<String> browsed = new ArrayList<>();

	private static final List<ApiClient> clients = new ArrayList<>();

	@BeforeAll
	static void start() {
		bed = new GatewayTestBed(temp, "oidc-tests");
		bed.gateway("sim", (settings) -> settings);
		int issuerPort = freePort();
		String issuerUri = "http://127.0.0.1:" + issuerPort;
		Map<String, String> nested = bed.properties();
		nested.put("imagebatch.security.oidc.issuer-uri", issuerUri);
		nested.put("imagebatch.security.oidc.roles-claim", "realm_access.roles");
		nested.put("imagebatch.security.oidc.client-id", TestAuthorizationServer.BROWSER_CLIENT);
		nested.put("imagebatch.security.oidc.client-secret", TestAuthorizationServer.BROWSER_CLIENT_SECRET);
		nested.put("imagebatch.security.users." + BASIC_USER + ".password",
				"{bcrypt}" + new BCryptPasswordEncoder().encode(BASIC_PASSWORD));
		nested.put("imagebatch.security.users." + BASIC_USER + ".roles", "VIEWER");
		nestedClaimServe = ServeProcess.start(temp, nested);
		beforeTheIssuer = api(nestedClaimServe)
			.bearer(TestAuthorizationServer.token(TestAuthorizationServer.rsaKey("any"), issuerUri, Instant.now(),
					Map.of("realm_access", Map.of(TestAuthorizationServer.ROLES, List.of("VIEWER")))))
			.get(RUNS);
		issuer = TestAuthorizationServer.start(issuerPort);
		Map<String, String> issuerOnly = bed.properties();
		issuerOnly.put("imagebatch.security.oidc.issuer-uri", issuerUri);
		issuerOnly.put("imagebatch.security.oidc.client-id", TestAuthorizationServer.BROWSER_CLIENT);
		issuerOnly.put("imagebatch.security.oidc.client-secret", TestAuthorizationServer.BROWSER_CLIENT_SECRET);
		serve = ServeProcess.start(temp, issuerOnly);
		issuer.registerBrowserClient(serve.base());
	}

	@AfterAll
	static void stop() {
		try {
			List<String> everything = new ArrayList<>(browsed);
			clients.forEach((client) -> everything.addAll(client.received()));
			for (ServeProcess process : List.of(serve, nestedClaimServe)) {
				everything.add(process.process().stdout());
				everything.add(process.process().stderr());
			}
			assertThat(everything).as("responses and logs").isNotEmpty();
			assertThat(everything).noneMatch((text) -> text.contains(TestAuthorizationServer.BROWSER_CLIENT_SECRET));
		}
		finally {
			closeAll(serve, nestedClaimServe, issuer, bed);
		}
	}

	@Test
	void aViewerTokenReadsRunsButMayNotSubmit() {
		// given
		ApiClient viewer = api(serve).bearer(issuer.accessToken("viewer-program"));

		// when
		HttpResponse<String> read = viewer.get(RUNS);
		HttpResponse<String> submit = viewer.post(RUNS, SUBMIT);

		// then
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(submit.statusCode()).as(submit.body()).isEqualTo(403);
		assertThat(ApiClient.json(submit).get("type").asString()).isEqualTo(FORBIDDEN);
	}

	@Test
	void anOperatorTokenSubmitsARun() {
		// given
		ApiClient operator = api(serve).bearer(issuer.accessToken("operator-program"));

		// when
		HttpResponse<String> submit = operator.post(RUNS, SUBMIT);

		// then
		assertThat(submit.statusCode()).as(submit.body()).isEqualTo(202);
		assertThat(submit.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).contains(ApiClient.json(submit).get("id").asString()));
		assertThat(ApiClient.json(submit).get("status").asString()).isEqualTo("QUEUED");
	}

	@Test
	void aTokenWithoutTheRolesClaimMayNotRead() {
		// given
		ApiClient roleless = api(serve).bearer(issuer.accessToken("roleless-program"));

		// when
		HttpResponse<String> read = roleless.get(RUNS);

		// then
		assertThat(read.statusCode()).as(read.body()).isEqualTo(403);
		assertThat(ApiClient.json(read).get("type").asString()).isEqualTo(FORBIDDEN);
	}

	@Test
	void onlyUnexpiredTokensSignedByTheIssuerLogIn() {
		// given: a token made by hand as the issuer would, and ones that are not quite it
		RSAKey key = issuer.signingKey();
		String iss = issuer.issuer().toString();
		Map<String, Object> viewer = Map.of(TestAuthorizationServer.ROLES, List.of("VIEWER"));
		Instant now = Instant.now();
		String genuine = TestAuthorizationServer.token(key, iss, now, viewer);
		Map<String, String> refused = Map.of("garbage", "not-a-token", "expired",
				TestAuthorizationServer.token(key, iss, now.minus(Duration.ofHours(2)), viewer),
				"signed by another key with the issuer's key id",
				TestAuthorizationServer.token(TestAuthorizationServer.rsaKey(key.getKeyID()), iss, now, viewer),
				"from another issuer", TestAuthorizationServer.token(key, "https://login.example.com", now, viewer));

		// when
		HttpResponse<String> accepted = api(serve).bearer(genuine).get(RUNS);

		// then
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		refused.forEach((kind, token) -> {
			HttpResponse<String> read = api(serve).bearer(token).get(RUNS);
			assertThat(read.statusCode()).as(kind + ": " + read.body()).isEqualTo(401);
			assertThat(ApiClient.json(read).get("type").asString()).as(kind).isEqualTo(UNAUTHENTICATED);
			assertThat(read.headers().allValues("WWW-Authenticate")).as(kind)
				.anyMatch((value) -> value.startsWith("Bearer"));
		});
	}

	@Test
	void rolesComeFromTheConfiguredClaimEvenANestedOne() {
		// given
		ApiClient realmOperator = api(nestedClaimServe).bearer(issuer.accessToken("realm-operator-program"));
		ApiClient topLevelOperator = api(nestedClaimServe).bearer(issuer.accessToken("operator-program"));

		// when
		HttpResponse<String> submit = realmOperator.post(RUNS, SUBMIT);
		HttpResponse<String> read = topLevelOperator.get(RUNS);

		// then: the claim configured counts, the default one no longer does
		assertThat(submit.statusCode()).as(submit.body()).isEqualTo(202);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(403);
	}

	@Test
	void basicUsersStillLogInBesideTheIssuer() {
		// when
		HttpResponse<String> read = api(nestedClaimServe).as(BASIC_USER, BASIC_PASSWORD).get(RUNS);
		HttpResponse<String> submit = api(nestedClaimServe).as(BASIC_USER, BASIC_PASSWORD).post(RUNS, SUBMIT);
		HttpResponse<String> wrong = api(nestedClaimServe).as(BASIC_USER, "not-the-password").get(RUNS);

		// then
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(submit.statusCode()).as(submit.body()).isEqualTo(403);
		assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
	}

	@Test
	void serveWithAnIssuerStartsWithoutUsersAndTakesNoBasicLogin() {
		// when
		HttpResponse<String> health = api(serve).get("/actuator/health/liveness");
		HttpResponse<String> basic = api(serve).as("admin", "admin").get(RUNS);
		HttpResponse<String> anonymous = api(serve).get(RUNS);

		// then
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(basic.statusCode()).as(basic.body()).isEqualTo(401);
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		assertThat(anonymous.headers().allValues("WWW-Authenticate")).contains("Basic realm=\"imagebatch\"", "Bearer");
	}

	@Test
	void aBearerTokenWhileTheIssuerIsDownIsAnsweredAsUnavailableNotAsBad() {
		// then: the token could not be checked, which is no fault of the caller's
		assertThat(beforeTheIssuer.statusCode()).as(beforeTheIssuer.body()).isEqualTo(503);
		assertThat(ApiClient.json(beforeTheIssuer).get("type").asString())
			.isEqualTo(ProblemType.UNAVAILABLE.type().toString());
		assertThat(nestedClaimServe.process().stderr()).contains("a login could not be checked")
			.contains("Connection refused");
	}

	@Test
	void serveStartedBeforeItsIssuerOffersItsLogin() {
		// given
		Browser browser = new Browser();

		// when
		HttpResponse<String> login = browser.get(nestedClaimServe.uri("/login"));

		// then
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("/oauth2/authorization/" + IssuerClientRegistrations.REGISTRATION_ID);
	}

	@Test
	void aPersonLogsInThroughTheIssuerWithTheRoleOfTheirIdToken() {
		// given
		Browser browser = new Browser();

		// when
		HttpResponse<String> page = browser.logIn(serve, TestAuthorizationServer.VIEWER);
		HttpResponse<String> runs = browser.get(serve.uri(RUNS), "application/json");
		HttpResponse<String> submit = browser.send(HttpRequest.newBuilder(serve.uri(RUNS))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(SUBMIT)), "application/json");

		// then
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
		assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
		// a session's change without the page's CSRF token is refused, whatever the role
		assertThat(submit.statusCode()).as(submit.body()).isEqualTo(403);
	}

	@Test
	void aPersonWithoutARoleLogsInButMayNotRead() {
		// given
		Browser browser = new Browser();

		// when
		HttpResponse<String> page = browser.logIn(serve, TestAuthorizationServer.NO_ROLE);
		HttpResponse<String> runs = browser.get(serve.uri(RUNS), "application/json");

		// then
		assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
		assertThat(runs.statusCode()).as(runs.body()).isEqualTo(403);
		assertThat(ApiClient.json(runs).get("type").asString()).isEqualTo(FORBIDDEN);
	}

	private static ApiClient api(ServeProcess process) {
		ApiClient client = ApiClient.anonymous(process.base());
		clients.add(client);
		return client;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeAll(AutoCloseable... closeables) {
		for (AutoCloseable closeable : closeables) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// the others still need closing
			}
		}
	}

	/**
	 * A browser: keeps its cookies per host and follows redirects, asking for HTML unless
	 * told otherwise.
	 */
	private static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		/**
		 * Opens a page of {@code serve}, logs in through the issuer as {@code user}, and
		 * comes back to it.
		 */
		HttpResponse<String> logIn(ServeProcess process, String user) {
			HttpResponse<String> login = get(process.uri("/swagger-ui.html"));
			assertThat(login.uri().getPath()).as(login.body()).isEqualTo("/login");
			String link = "/oauth2/authorization/" + IssuerClientRegistrations.REGISTRATION_ID;
			assertThat(login.body()).contains(link);
			HttpResponse<String> issuerLogin = get(process.uri(link));
			assertThat(issuerLogin.uri().getAuthority()).isEqualTo(issuer.issuer().getAuthority());
			assertThat(issuerLogin.uri().getPath()).isEqualTo("/login");
			Matcher csrf = CSRF.matcher(issuerLogin.body());
			assertThat(csrf.find()).as(issuerLogin.body()).isTrue();
			String form = "username=" + encode(user) + "&password=" + encode(TestAuthorizationServer.PASSWORD)
					+ "&_csrf=" + encode(csrf.group(1));
			return send(HttpRequest.newBuilder(issuerLogin.uri())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)), "text/html");
		}

		HttpResponse<String> get(URI uri) {
			return get(uri, "text/html");
		}

		HttpResponse<String> get(URI uri, String accept) {
			return send(HttpRequest.newBuilder(uri).GET(), accept);
		}

		/** Sends the request and follows its redirects. */
		HttpResponse<String> send(HttpRequest.Builder request, String accept) {
			HttpResponse<String> response = exchange(request.header("Accept", accept));
			for (int hops = 0; hops < 20 && isRedirect(response.statusCode()); hops++) {
				URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
				response = exchange(HttpRequest.newBuilder(next).header("Accept", accept).GET());
			}
			return response;
		}

		private HttpResponse<String> exchange(HttpRequest.Builder request) {
			try {
				HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofString());
				synchronized (browsed) {
					browsed.add(response.uri() + "\n" + response.headers().map() + "\n" + response.body());
				}
				return response;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static boolean isRedirect(int status) {
			return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
