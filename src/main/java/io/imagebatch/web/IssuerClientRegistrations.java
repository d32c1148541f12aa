package io.imagebatch.web;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one OpenID Connect client browsers log in with, read from the issuer's discovery
 * document when first needed: {@code serve} starts while the issuer is unreachable, and
 * only logins through it wait for it.
 */
class IssuerClientRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	static final String REGISTRATION_ID = "oidc";

	private final Supplier<ClientRegistration> registration;

	IssuerClientRegistrations(SecurityProperties.Oidc oidc) {
		this.registration = SingletonSupplier
			.of(() -> ClientRegistrations.fromIssuerLocation(String.valueOf(oidc.issuerUri()))
				.registrationId(REGISTRATION_ID)
				.clientName("Single sign-on")
				.clientId(String.valueOf(oidc.clientId()))
				.clientSecret(oidc.clientSecret())
				.scope(oidc.scopes())
				.build());
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		return REGISTRATION_ID.equals(registrationId) ? this.registration.get() : null;
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		return List.of(this.registration.get()).iterator();
	}

}
