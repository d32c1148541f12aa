package io.imagebatch.dashboard;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who is looking at a page, and whether it shows them actions. Hiding a button is a
 * courtesy: the server refuses the action to anyone who is not an operator anyway.
 *
 * @param name the login's name
 * @param operator whether they may submit, stop, restart and resubmit
 */
record Viewer(String name, boolean operator) {

	static Viewer of(Authentication authentication) {
		boolean operator = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch("ROLE_OPERATOR"::equals);
		return new Viewer(authentication.getName(), operator);
	}

}
