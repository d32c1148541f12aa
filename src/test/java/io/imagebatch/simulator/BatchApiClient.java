package io.imagebatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.imagebatch.testsupport.Polling;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of the simulator's Batch API as a provider client makes them: multipart uploads,
 * batch creation, polling until a batch ends, and file downloads read as JSONL.
 */
final class BatchApiClient {

	private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI baseUri;

	private final String key;

	BatchApiClient(URI baseUri, String key) {
		this.baseUri = baseUri;
		this.key = key;
	}

	/** {@code POST /v1/files} with {@code purpose=batch}. */
	HttpResponse<String> upload(String filename, byte[] content) {
		String boundary = "----imagebatch" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/jsonl\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		return send(request("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail))));
	}

	/** Uploads the lines and returns the file's id. */
	String uploadLines(String... lines) {
		HttpResponse<String> response = upload("requests.jsonl",
				(String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SimulatorClient.json(response.body()).get("id").stringValue();
	}

	/** Creates a batch of the file for the endpoint and returns the batch object. */
	JsonNode createBatch(String inputFileId, String endpoint) {
		HttpResponse<String> response = post("/v1/batches", """
				{"input_file_id": "%s", "endpoint": "%s", "completion_window": "24h",
				 "metadata": {"run": "r-1"}}""".formatted(inputFileId, endpoint));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SimulatorClient.json(response.body());
	}

	HttpResponse<String> post(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	HttpResponse<String> delete(String path) {
		return send(request(path).DELETE());
	}

	JsonNode batch(String id) {
		HttpResponse<String> response = get("/v1/batches/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SimulatorClient.json(response.body());
	}

	/** Polls the batch until it has ended, for at most 30 seconds. */
	JsonNode awaitEnd(String id) {
		return awaitBatch(id, (batch) -> TERMINAL.contains(batch.get("status").stringValue()), "to end");
	}

	JsonNode awaitBatch(String id, Predicate<JsonNode> condition, String what) {
		JsonNode[] seen = { batch(id) };
		Polling.until(Duration.ofSeconds(30), () -> condition.test(seen[0] = batch(id)),
				() -> "batch " + id + " " + what + ", last seen " + seen[0]);
		return seen[0];
	}

	/** The lines of a file's content, each read as JSON; none for a {@code null} id. */
	List<JsonNode> lines(@Nullable String fileId) {
		List<JsonNode> lines = new ArrayList<>();
		if (fileId == null) {
			return lines;
		}
		HttpResponse<String> response = get("/v1/files/" + fileId + "/content");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		for (String line : response.body().split("\n")) {
			if (!line.isBlank()) {
				lines.add(SimulatorClient.json(line));
			}
		}
		return lines;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.baseUri.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.key);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
