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

	ServerRefusal(int status, @Nullable URI type, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
	}

	/** Whether what the request names does not exist. */
	boolean notFound() {
		return (this.type != null) ? this.type.toString().endsWith("/not-found") : this.status == 404;
	}

}
