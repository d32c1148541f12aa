package io.imagebatch.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring Authorization Server in the test's own JVM: the OpenID Connect issuer that
 * {@code serve} trusts in the tests. Programs get tokens with client credentials, each
 * client carrying the claims its tokens get; people log in with a form, and their roles
 * go into their ID and access tokens as {@value #ROLES}. Only the web server and security
 * are booted, none of imagebatch's database, storage or batch configuration, and none of
 * its {@code application.yml}.
 */
final class TestAuthorizationServer implements AutoCloseable {

	static final String ROLES = "roles";

	/** The client {@code serve} logs browsers in with. */
	static final String BROWSER_CLIENT = "imagebatch-browser";

	/** Its secret: {@code serve} must never show it to anyone. */
	static final String BROWSER_CLIENT_SECRET = "browser-secret-" + UUID.randomUUID();

	/** A person with the role {@code VIEWER}. */
	static final String VIEWER = "vera";

	/** A person without any role. */
	static final String NO_ROLE = "nora";

	static final String PASSWORD = "a-password-for-the-test";

	/** A client whose tokens carry the claims given. */
	private static final String CLAIMS = "imagebatch.test.claims";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final URI issuer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TestAuthorizationServer(ConfigurableApplicationContext context, URI issuer) {
		this.context = context;
		this.issuer = issuer;
	}

	/** Boots the issuer at {@code http://127.0.0.1:port} ({@code 0} for any port). */
	static TestAuthorizationServer start(int port) {
		SpringApplication application = new SpringApplication(Issuer.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		ConfigurableApplicationContext context = application.run(
				// not imagebatch's application.yml, which the classpath holds too
				"--spring.config.name=test-authorization-server", "--spring.main.banner-mode=off",
				"--server.address=127.0.0.1", "--server.port=" + port);
		int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
		// a name other than serve's (localhost) keeps the two sessions' cookies apart
		return new TestAuthorizationServer(context, URI.create("http://127.0.0.1:" + actualPort));
	}

	URI issuer() {
		return this.issuer;
	}

	/** Lets browsers log in to {@code serve} at {@code base} through this issuer. */
	void registerBrowserClient(URI serve) {
		this.context.getBean(InMemoryRegisteredClientRepository.class)
			.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(BROWSER_CLIENT)
				.clientSecret("{noop}" + BROWSER_CLIENT_SECRET)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(
						serve.resolve("/login/oauth2/code/" + IssuerClientRegistrations.REGISTRATION_ID).toString())
				.scope(OidcScopes.OPENID)
				.scope(OidcScopes.PROFILE)
				.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
				.build());
	}

	/**
	 * An access token for a program, by client credentials.
	 * @param clientId one of the clients of {@link Issuer#clients()}
	 */
	String accessToken(String clientId) {
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + secretOf(clientId)).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(this.issuer.resolve("/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("no token for " + clientId + ": " + response.body());
			}
			return JSON.readTree(response.body()).get("access_token").asString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** This issuer's signing key, for tokens a test makes by hand. */
	RSAKey signingKey() {
		return this.context.getBean(RSAKey.class);
	}

	/**
	 * A token signed with {@code key}: issued by {@code issuer} for a program, valid from
	 * {@code issuedAt} for an hour, with the claims given.
	 */
	static String token(RSAKey key, String issuer, Instant issuedAt, Map<String, Object> claims) {
		JwtClaimsSet.Builder set = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject("hand-made")
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(Duration.ofHours(1)));
		claims.forEach(set::claim);
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
			.encode(JwtEncoderParameters.from(header, set.build()))
			.getTokenValue();
	}

	/** A new RSA key, with the key id given. */
	static RSAKey rsaKey(String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(keyId)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String secretOf(String clientId) {
		return clientId + "-secret";
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The issuer's beans: only a servlet container and Spring Security, configured here.
	 * Not a {@code @Configuration}: the {@code serve} processes of the tests run on this
	 * classpath and scan this package, and must not find it.
	 */
	@EnableWebSecurity
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class })
	static class Issuer {

		/** Clients for programs, by the claims their tokens carry. */
		static final Map<String, Map<String, Object>> CLIENTS = Map.of("viewer-program",
				Map.of(ROLES, List.of("VIEWER")), "operator-program", Map.of(ROLES, List.of("OPERATOR")),
				"roleless-program", Map.of("department", "accounts"), "realm-operator-program",
				Map.of("realm_access", Map.of(ROLES, List.of("operator"))));

		@Bean
		@Order(1)
		SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
			http.oauth2AuthorizationServer((server) -> {
				http.securityMatcher(server.getEndpointsMatcher());
				server.oidc(Customizer.withDefaults());
			})
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				// a browser goes to the login form; the user info endpoint takes tokens
				.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint("/login"),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
				.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain login(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService people() {
			return new InMemoryUserDetailsManager(
					User.withUsername(VIEWER).password("{noop}" + PASSWORD).roles("VIEWER").build(),
					User.withUsername(NO_ROLE).password("{noop}" + PASSWORD).authorities(List.of()).build());
		}

		@Bean
		InMemoryRegisteredClientRepository clients() {
			return new InMemoryRegisteredClientRepository(CLIENTS.entrySet()
				.stream()
				.map((client) -> RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId(client.getKey())
					.clientSecret("{noop}" + secretOf(client.getKey()))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.clientSettings(ClientSettings.builder().setting(CLAIMS, client.getValue()).build())
					.build())
				.toList());
		}

		/**
		 * A program's tokens get its client's claims; a person's access and ID tokens get
		 * their roles.
		 */
		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> claims() {
			return (context) -> {
				if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
					Map<String, Object> claims = context.getRegisteredClient().getClientSettings().getSetting(CLAIMS);
					if (claims != null) {
						context.getClaims().claims((all) -> all.putAll(claims));
					}
					return;
				}
				List<String> roles = context.getPrincipal()
					.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.filter((authority) -> authority.startsWith("ROLE_"))
					.map((authority) -> authority.substring("ROLE_".length()))
					.toList();
				if (!roles.isEmpty()) {
					context.getClaims().claim(ROLES, roles);
				}
			};
		}

		@Bean
		RSAKey signingKey() {
			return rsaKey("issuer-" + UUID.randomUUID());
		}

		@Bean
		JWKSource<SecurityContext> keys(RSAKey signingKey) {
			return new ImmutableJWKSet<>(new JWKSet(signingKey));
		}

		@Bean
		JwtDecoder jwtDecoder(RSAKey signingKey) throws Exception {
			return NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings() {
			// no issuer set: it is the URL the issuer is reached at,
			// http://127.0.0.1:port
			return AuthorizationServerSettings.builder().build();
		}

	}

}
