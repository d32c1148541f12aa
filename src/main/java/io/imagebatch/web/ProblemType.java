package io.imagebatch.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The classes of error the API answers with, each with a stable {@code type} URI (RFC
 * 9457) that clients may branch on; the titles are for people.
 */
public enum ProblemType {

	/** The request itself is wrong: a parameter, a field, a missing part. */
	USAGE("usage", HttpStatus.BAD_REQUEST, "The request is not usable"),

	/** The input rows cannot be used: not CSV, empty, no {@code prompt} column. */
	UNUSABLE_INPUT("unusable-input", HttpStatus.UNPROCESSABLE_CONTENT, "The input cannot be used"),

	/** An upload over the configured cap. */
	TOO_LARGE("too-large", HttpStatus.CONTENT_TOO_LARGE, "The upload is too large"),

	/** No such run, item, image or schedule. */
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

	/** The run is not where the change needs it, or changed meanwhile. */
	CONFLICT("conflict", HttpStatus.CONFLICT, "The run cannot be changed now"),

	/**
	 * A schedule fired when asked, and its overlap policy, a spend cap or its source let
	 * it make no run; the problem carries the firing's {@code outcome} and
	 * {@code reason}.
	 */
	NO_RUN("no-run", HttpStatus.CONFLICT, "The schedule fired without a run"),

	/** No login, or one that failed. */
	UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Log in first"),

	/** Logged in, without the role the request needs. */
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),

	/** The database or the store did not answer. */
	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "A service imagebatch needs is unavailable"),

	/** Anything else: a fault of imagebatch's, logged with its cause. */
	INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "imagebatch failed");

	/** Where every type's URI starts. */
	public static final String BASE = "https://imagebatch.io/problems/";

	private final URI type;

	private final HttpStatus status;

	private final String title;

	ProblemType(String slug, HttpStatus status, String title) {
		this.type = URI.create(BASE + slug);
		this.status = status;
		this.title = title;
	}

	public URI type() {
		return this.type;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** A problem of this type saying what went wrong. */
	public ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		return problem;
	}

	/** The type that a response of this status without a more precise one has. */
	static ProblemType of(int status) {
		for (ProblemType type : values()) {
			if (type.status.value() == status) {
				return type;
			}
		}
		return (status >= 500) ? INTERNAL : USAGE;
	}

}
