package io.imagebatch.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The imagebatch roles an OpenID Connect token grants, read from one claim: a list or a
 * space-separated string, at a dotted path ({@code realm_access.roles} reaches into an
 * object). Names other than {@link Role}'s are ignored, whatever their case.
 */
final class RolesClaim {

	private final String[] path;

	RolesClaim(String claim) {
		this.path = claim.split("\\.");
	}

	Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String name : names(claims)) {
			for (Role role : Role.values()) {
				if (role.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
					authorities.add(new SimpleGrantedAuthority(role.authority()));
				}
			}
		}
		return authorities;
	}

	private List<String> names(Map<String, Object> claims) {
		@Nullable Object value = claims;
		for (String step : this.path) {
			value = (value instanceof Map<?, ?> map) ? map.get(step) : null;
		}
		return switch (value) {
			case Collection<?> list -> list.stream().map(String::valueOf).toList();
			case String text -> List.of(text.split("[\\s,]+"));
			case null, default -> List.of();
		};
	}

}
