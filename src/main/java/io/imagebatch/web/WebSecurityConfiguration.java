package io.imagebatch.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may do what in {@code serve} (DESIGN §2.5). Two filter chains: the API (and the
 * actuator and OpenAPI document) answers programs with HTTP Basic or an OpenID Connect
 * bearer token and problems for {@code 401}/{@code 403}; every other page is for
 * browsers, with a login form (or the issuer's login) and a session. Only health answers
 * without a login. {@link Role#VIEWER} reads, {@link Role#OPERATOR} also changes runs and
 * schedules.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
class WebSecurityConfiguration {

	static final String NO_USERS = """
			no user can log in: add one with a hashed password, e.g.
			  imagebatch.security.users.ops.password={bcrypt}$2a$10$… (make one with: htpasswd -bnBC 10 "" 'a-password' | tr -d ':\\n')
			  imagebatch.security.users.ops.roles=OPERATOR
			or configure an OpenID Connect issuer (imagebatch.security.oidc.issuer-uri), or try it with 'serve --demo'""";

	/** Hashes the delegating encoder checks that no one can read a password back from. */
	private static final Set<String> HASHES = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8", "pbkdf2",
			"pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8");

	private static final String[] API = { "/api/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**" };

	/** A password that matched is not checked again with bcrypt for five minutes. */
	@Bean
	PasswordEncoder passwordEncoder(Clock clock) {
		return new RememberedPasswordChecks(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
				Duration.ofMinutes(5), 1000, clock);
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.OPERATOR.name()).implies(Role.VIEWER.name()).build();
	}

	/**
	 * The users from configuration; none at all (and no issuer) refuses to start, since
	 * an API no one can log in to is a mistake, and one with a default password is worse.
	 */
	@Bean
	UserDetailsService users(SecurityProperties properties) {
		if (properties.users().isEmpty() && !properties.oidc().enabled()) {
			throw new IllegalStateException(NO_USERS);
		}
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		properties.users()
			.forEach((name,
					user) -> users.createUser(User.withUsername(name)
						.password(hashOf(name, user))
						.roles(user.roles().stream().map(Role::name).toArray(String[]::new))
						.build()));
		return users;
	}

	private static String hashOf(String name, SecurityProperties.User user) {
		String password = user.password();
		String property = "imagebatch.security.users." + name + ".password";
		if (password == null || password.isBlank()) {
			throw new IllegalStateException(property + " is missing: give a hash such as {bcrypt}$2a$10$…");
		}
		int end = password.indexOf('}');
		String algorithm = (password.startsWith("{") && end > 0) ? password.substring(1, end) : "";
		if (!HASHES.contains(algorithm)) {
			// never echo the value: it may be the password itself
			throw new IllegalStateException(property + " must be a hash with its algorithm, such as {bcrypt}$2a$10$…, "
					+ "not a password in clear");
		}
		return password;
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, JsonMapper json) {
		SecurityProblems problems = new SecurityProblems(json, properties.oidc().enabled());
		http.securityMatcher(API)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasRole(Role.VIEWER.name())
				// an estimate spends nothing and creates nothing: a read
				.requestMatchers(HttpMethod.POST, "/api/estimate", "/api/schedules/estimate")
				.hasRole(Role.VIEWER.name())
				.requestMatchers("/api/**")
				.hasRole(Role.OPERATOR.name())
				.anyRequest()
				.hasRole(Role.VIEWER.name()))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// programs send their login with every request; a browser's session (the
			// dashboard's) is read but none is made here
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			// a request with its own credentials cannot be forged by another site's form,
			// but one riding on a session cookie can
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(
					(request) -> !isSafe(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null))
			.addFilterBefore(new CrossSiteRequests(problems), BasicAuthenticationFilter.class);
		if (properties.oidc().enabled()) {
			JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
			RolesClaim roles = new RolesClaim(properties.oidc().rolesClaim());
			tokens.setJwtGrantedAuthoritiesConverter((jwt) -> roles.authorities(jwt.getClaims()));
			http.oauth2ResourceServer((server) -> server.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt((jwt) -> jwt.decoder(jwtDecoder(properties.oidc())).jwtAuthenticationConverter(tokens))
				.withObjectPostProcessor(answeringServiceFailures(problems)));
		}
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain browser(HttpSecurity http, SecurityProperties properties) {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/error", "/favicon.ico", "/dashboard/**", "/webjars/**")
			.permitAll()
			// the dashboard's actions: stop, restart, resubmit; create, change and fire
			// schedules
			.requestMatchers(HttpMethod.POST, "/runs/**", "/schedules/**")
			.hasRole(Role.OPERATOR.name())
			.anyRequest()
			.hasRole(Role.VIEWER.name()))
			.formLogin((login) -> login.loginPage("/login").permitAll())
			// programs may fetch pages (Swagger UI, the dashboard) with their login too
			.httpBasic(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		SecurityProperties.Oidc oidc = properties.oidc();
		if (oidc.browserLogin()) {
			RolesClaim roles = new RolesClaim(oidc.rolesClaim());
			http.oauth2Login((login) -> login.clientRegistrationRepository(new IssuerClientRegistrations(oidc))
				.userInfoEndpoint((userInfo) -> userInfo.userAuthoritiesMapper(rolesOf(roles))));
		}
		return http.build();
	}

	/**
	 * Tokens checked against the issuer's keys, fetched when the first token arrives. An
	 * issuer that cannot be asked yet is a failure to check the token (tried again with
	 * the next one), not an error of imagebatch's.
	 */
	private static JwtDecoder jwtDecoder(SecurityProperties.Oidc oidc) {
		JwtDecoder issuerKeys = new SupplierJwtDecoder(
				() -> JwtDecoders.fromIssuerLocation(String.valueOf(oidc.issuerUri())));
		return (token) -> {
			try {
				return issuerKeys.decode(token);
			}
			catch (JwtDecoderInitializationException ex) {
				throw new JwtException("the issuer's configuration could not be read", ex);
			}
		};
	}

	/**
	 * A token that could not be checked (the issuer or its keys out of reach) is answered
	 * as a problem, {@code 503}, instead of the failure being rethrown as a {@code 500}.
	 */
	private static ObjectPostProcessor<BearerTokenAuthenticationFilter> answeringServiceFailures(
			SecurityProblems problems) {
		return new ObjectPostProcessor<>() {

			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(problems);
				failures.setRethrowAuthenticationServiceException(false);
				filter.setAuthenticationFailureHandler(failures);
				return filter;
			}

		};
	}

	/** A browser login's roles, from its ID token's and user info's claims. */
	private static GrantedAuthoritiesMapper rolesOf(RolesClaim roles) {
		return (Collection<? extends GrantedAuthority> authorities) -> {
			Set<GrantedAuthority> mapped = new HashSet<>();
			for (GrantedAuthority authority : authorities) {
				if (authority instanceof OidcUserAuthority oidcUser) {
					Map<String, Object> claims = new HashMap<>(oidcUser.getIdToken().getClaims());
					if (oidcUser.getUserInfo() != null) {
						claims.putAll(oidcUser.getUserInfo().getClaims());
					}
					mapped.addAll(roles.authorities(claims));
				}
			}
			return mapped;
		};
	}

	private static boolean isSafe(String method) {
		return switch (method) {
			case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
			default -> false;
		};
	}

}
