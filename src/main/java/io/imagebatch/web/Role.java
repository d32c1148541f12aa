package io.imagebatch.web;

/**
 * What a user may do: a {@link #VIEWER} reads, an {@link #OPERATOR} also submits, stops,
 * restarts and resubmits runs, and changes and fires schedules.
 */
public enum Role {

	VIEWER, OPERATOR;

	/** The authority Spring Security checks for this role. */
	String authority() {
		return "ROLE_" + name();
	}

}
