package io.imagebatch.web;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one OpenID Connect client browsers log in with, read from the issuer's discovery
 * document when first needed: {@code serve} starts while the issuer is unreachable, and
 * only logins through it wait for it.
 * <p>
 * Iterating is how Spring Security's login page lists its links, at start-up: it gets a
 * registration made from configuration alone, with the name and id the link needs and the
 * issuer in place of its endpoints, so listing it asks the issuer nothing. Logins find
 * the real one by id.
 */
class IssuerClientRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	static final String REGISTRATION_ID = "oidc";

	static final String CLIENT_NAME = "Single sign-on";

	private final Supplier<ClientRegistration> registration;

	private final ClientRegistration link;

	IssuerClientRegistrations(SecurityProperties.Oidc oidc) {
		String issuer = String.valueOf(oidc.issuerUri());
		this.registration = SingletonSupplier.of(() -> ClientRegistrations.fromIssuerLocation(issuer)
			.registrationId(REGISTRATION_ID)
			.clientName(CLIENT_NAME)
			.clientId(String.valueOf(oidc.clientId()))
			.clientSecret(oidc.clientSecret())
			.scope(oidc.scopes())
			.build());
		this.link = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientName(CLIENT_NAME)
			.clientId(String.valueOf(oidc.clientId()))
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/{action}/oauth2/code/{registrationId}")
			.authorizationUri(issuer)
			.tokenUri(issuer)
			.build();
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		return REGISTRATION_ID.equals(registrationId) ? this.registration.get() : null;
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		return List.of(this.link).iterator();
	}

}
