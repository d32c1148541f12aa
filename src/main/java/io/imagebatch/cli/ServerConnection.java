package io.imagebatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running {@code serve}'s REST API (DESIGN §2.5), reached with the JDK's HTTP client
 * and Jackson: nothing of Spring, no datasource, no S3. Sends the login with every
 * request, and turns what the server refuses into the exceptions the command line maps to
 * its exit codes. The API's own records are the wire format.
 */
final class ServerConnection implements AutoCloseable {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	/** The API's largest page (imagebatch.web.max-page-size by default). */
	static final int PAGE_SIZE = 500;

	private final ServerOptions.ServerLogin login;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	ServerConnection(ServerOptions.ServerLogin login) {
		this.login = login;
		// HTTP/1.1: no upgrade dance with a server that speaks plain HTTP, and an event
		// stream that is one plain response
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
	}

	<T> T get(String path, Class<T> type) {
		return send(request(path).GET(), type);
	}

	<T> T get(String path, TypeReference<T> type) {
		return this.json.readValue(sendForBody(request(path).GET()), type);
	}

	/** A POST with a JSON body, or none when {@code body} is {@code null}. */
	<T> T post(String path, @Nullable Object body, Class<T> type) {
		HttpRequest.Builder request = request(path);
		if (body == null) {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").POST(jsonBody(body));
		}
		return send(request, type);
	}

	<T> T put(String path, Object body, Class<T> type) {
		return send(request(path).header("Content-Type", "application/json").PUT(jsonBody(body)), type);
	}

	void delete(String path) {
		sendForBody(request(path).DELETE());
	}

	<T> T send(HttpRequest.Builder request, Class<T> type) {
		return this.json.readValue(sendForBody(request), type);
	}

	/** The body of a 2xx answer; any other is refused as the command line maps it. */
	String sendForBody(HttpRequest.Builder request) {
		HttpResponse<String> response = exchange(request);
		if (response.statusCode() / 100 != 2) {
			throw refused(response.statusCode(), response.body());
		}
		return response.body();
	}

	/** The answer, whatever its status, for a caller that reads some refusals itself. */
	HttpResponse<String> exchange(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw unreachable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ServerUnavailable("interrupted while asking the server at " + this.login.server(), ex);
		}
	}

	HttpRequest.Builder request(String path) {
		return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)).header("Accept",
				"application/json, application/problem+json");
	}

	HttpRequest.Builder authorized(HttpRequest.Builder request) {
		String authorization = this.login.authorization();
		return (authorization != null) ? request.header("Authorization", authorization) : request;
	}

	URI uri(String path) {
		return this.login.base().resolve(path);
	}

	HttpClient http() {
		return this.http;
	}

	JsonMapper json() {
		return this.json;
	}

	/**
	 * A run id, a schedule's name or {@code latest} as one path segment, whatever it
	 * holds.
	 */
	static String segment(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	ServerUnavailable unreachable(IOException ex) {
		String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new ServerUnavailable("cannot reach the server at " + this.login.server() + " (" + reason + ")", ex);
	}

	/**
	 * An answer other than 2xx, as the exception the command line maps to its exit code.
	 */
	RuntimeException refused(int status, String body) {
		Problem problem = problem(body);
		String detail = (problem != null && problem.detail() != null) ? problem.detail()
				: "the server answered HTTP " + status;
		if (status == 401) {
			return new LoginRefused(((this.login.authorization() != null)
					? "the server at " + this.login.server() + " did not accept the login; "
					: "the server at " + this.login.server() + " needs a login; ") + ServerOptions.HOW_TO_LOG_IN);
		}
		if (status == 403) {
			return new LoginRefused(detail + "; " + ServerOptions.HOW_TO_LOG_IN + " as a user who may");
		}
		if (status >= 400 && status < 500) {
			return new ServerRefusal(status, (problem != null) ? problem.type() : null,
					(problem != null) ? problem.field() : null, detail);
		}
		return new ServerUnavailable("the server at " + this.login.server() + " failed: " + detail);
	}

	private @Nullable Problem problem(String body) {
		try {
			return this.json.readValue(body, Problem.class);
		}
		catch (JacksonException ex) {
			// not a problem document: a proxy's page, say
			return null;
		}
	}

	private HttpRequest.BodyPublisher jsonBody(Object body) {
		return HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body));
	}

	@Override
	public void close() {
		this.http.close();
	}

	/**
	 * An RFC 9457 problem, as much of it as the command line uses.
	 *
	 * @param type its type URI
	 * @param detail what went wrong
	 * @param field the request's field at fault, if the server named one
	 */
	private record Problem(@Nullable URI type, @Nullable String detail, @Nullable String field) {
	}

}
