package io.imagebatch.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may log in to {@code serve} (DESIGN §2.5): users from configuration with hashed
 * passwords, and an OpenID Connect issuer when one is configured.
 *
 * @param users users by name
 * @param oidc the OpenID Connect issuer, if any
 */
@ConfigurationProperties("imagebatch.security")
public record SecurityProperties(@DefaultValue Map<String, User> users, @DefaultValue Oidc oidc) {

	/**
	 * A user from configuration.
	 *
	 * @param password a hash with its algorithm, {@code {bcrypt}$2a$10$…}: never the
	 * password itself
	 * @param roles what the user may do
	 */
	public record User(@Nullable String password, @DefaultValue("VIEWER") List<Role> roles) {

		@Override
		public String toString() {
			return "User[password=******, roles=" + this.roles + "]";
		}

	}

	/**
	 * An OpenID Connect issuer: bearer tokens it signed are accepted by the API, and
	 * browsers log in through it when a client is configured.
	 *
	 * @param issuerUri the issuer, e.g. {@code https://login.example.com/realms/ops}
	 * @param rolesClaim the claim listing a user's roles ({@code VIEWER},
	 * {@code OPERATOR}); a dotted path reaches into an object, e.g.
	 * {@code realm_access.roles}
	 * @param clientId the client browsers log in with, if any
	 * @param clientSecret its secret
	 * @param scopes scopes asked for at login
	 */
	public record Oidc(@Nullable String issuerUri, @DefaultValue("roles") String rolesClaim, @Nullable String clientId,
			@Nullable String clientSecret, @DefaultValue( {
					"openid", "profile" }) List<String> scopes){

		public boolean enabled() {
			return this.issuerUri != null && !this.issuerUri.isBlank();
		}

		public boolean browserLogin() {
			return enabled() && this.clientId != null && !this.clientId.isBlank();
		}

		@Override
		public String toString() {
			return "Oidc[issuerUri=" + this.issuerUri + ", rolesClaim=" + this.rolesClaim + ", clientId="
					+ this.clientId + ", clientSecret=" + ((this.clientSecret != null) ? "******" : null) + ", scopes="
					+ this.scopes + "]";
		}

	}

}
