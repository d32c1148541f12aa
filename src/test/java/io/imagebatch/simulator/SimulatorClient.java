package io.imagebatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain {@link HttpClient} calls against a running simulator, as a gateway client would
 * make them.
 */
final class SimulatorClient {

	static final String KEY = "sk-test-key";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI baseUri;

	SimulatorClient(URI baseUri) {
		this.baseUri = baseUri;
	}

	HttpResponse<String> post(String path, String body) {
		return post(path, body, KEY);
	}

	HttpResponse<String> post(String path, String body, @Nullable String apiKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.baseUri.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		return send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> put(String path, String body) {
		return send(HttpRequest.newBuilder(this.baseUri.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<byte[]> getBytes(URI uri) {
		return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	HttpResponse<byte[]> getBytes(URI uri, String apiKey) {
		return send(HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + apiKey)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(this.baseUri.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	static JsonNode json(byte[] body) {
		return JSON.readTree(body);
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request, handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
