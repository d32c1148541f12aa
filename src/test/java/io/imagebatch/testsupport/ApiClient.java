package io.imagebatch.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the REST API as one user, over real HTTP; keeps every body it received so
 * that a test can scan them all (for secrets, say).
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI base;

	private final @Nullable String authorization;

	private final List<String> received;

	private ApiClient(URI base, @Nullable String authorization, List<String> received) {
		this.base = base;
		this.authorization = authorization;
		this.received = received;
	}

	/** A client without any login. */
	public static ApiClient anonymous(URI base) {
		return new ApiClient(base, null, new ArrayList<>());
	}

	/** The same server, as a user with HTTP Basic. */
	public ApiClient as(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new ApiClient(this.base, "Basic " + token, this.received);
	}

	/** The same server, with a bearer token. */
	public ApiClient bearer(String token) {
		return new ApiClient(this.base, "Bearer " + token, this.received);
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<byte[]> getBytes(String path) {
		return sendBytes(request(path).GET());
	}

	public HttpResponse<String> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * A multipart form: a {@code file} part with the content and type given, and text
	 * fields.
	 */
	public HttpResponse<String> upload(String path, byte[] file, String contentType, Map<String, String> fields) {
		String boundary = "imagebatch-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n"));
		write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\n"
				+ "Content-Type: " + contentType + "\r\n\r\n");
		body.writeBytes(file);
		write(body, "\r\n--" + boundary + "--\r\n");
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(60));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			this.received.add(response.headers().map() + "\n" + response.body());
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Follows run {@code id} until it is neither QUEUED nor RUNNING.
	 * @return the run as last read
	 */
	public JsonNode awaitEnd(String id, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		Polling.until(timeout, () -> {
			last[0] = json(get("/api/runs/" + id));
			String status = last[0].get("status").asString();
			return !status.equals("QUEUED") && !status.equals("RUNNING");
		}, () -> "run " + id + " to end; last seen " + last[0]);
		return last[0];
	}

	public HttpClient http() {
		return this.http;
	}

	/** Every response's headers and body this client and its siblings received. */
	public List<String> received() {
		return List.copyOf(this.received);
	}

	/** {@link #awaitEnd(String, Duration)} for up to 90 s. */
	public JsonNode awaitEnd(String id) {
		return awaitEnd(id, Duration.ofSeconds(90));
	}

	/**
	 * Uploads a CSV as a run.
	 * @return the run's id
	 */
	public String submit(String csv, Map<String, String> fields) {
		HttpResponse<String> submitted = upload("/api/runs", csv.getBytes(StandardCharsets.UTF_8), "text/csv", fields);
		if (submitted.statusCode() != 202) {
			throw new AssertionError("the run was not accepted: " + submitted.statusCode() + " " + submitted.body());
		}
		return json(submitted).get("id").asString();
	}

	/**
	 * Uploads a CSV as a run and waits for it to end.
	 * @return the run's id
	 */
	public String submitAndAwait(String csv, Map<String, String> fields) {
		String id = submit(csv, fields);
		awaitEnd(id);
		return id;
	}

	public static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	public static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
