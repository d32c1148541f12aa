package io.imagebatch.cli;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * The server refused a request as the user's to fix (RFC 9457 problem of type usage,
 * unusable input, not found, conflict or too large): the command changes, not the server.
 */
final class ServerRefusal extends IllegalArgumentException {

	private final int status;

	private final @Nullable URI type;

	private final @Nullable String field;

	ServerRefusal(int status, @Nullable URI type, @Nullable String field, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
		this.field = field;
	}

	/** The request's field at fault, as the API names it, if the server named one. */
	@Nullable String field() {
		return this.field;
	}

	/** Whether the problem is of this type ({@code not-found}, {@code no-run}...). */
	boolean is(String type) {
		return this.type != null && this.type.toString().endsWith("/" + type);
	}

	/** Whether what the request names does not exist. */
	boolean notFound() {
		return (this.type != null) ? is("not-found") : this.status == 404;
	}

}
