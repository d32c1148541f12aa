package io.imagebatch.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link HttpBatchApi} sends and how it copes with answers the simulator never
 * gives: lists over several pages, hostile objects, files that drip.
 */
class HttpBatchApiIntegrationTests {

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<String> requested = new CopyOnWriteArrayList<>();

	private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private HttpServer server;

	@TempDir
	Path temp;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Test
	void uploadsTheFileAsMultipartForTheBatchPurpose() throws IOException {
		// given
		answer("POST /v1/files", 200, "{\"id\":\"file-1\",\"bytes\":12,\"filename\":\"run-1.jsonl\"}");
		Path jsonl = Files.writeString(this.temp.resolve("local.jsonl"), "{\"a\":1}\n{}\n");

		// when
		ProviderFile file = api().upload("run-1.jsonl", jsonl);

		// then
		assertThat(file).isEqualTo(new ProviderFile("file-1", "run-1.jsonl", 12));
		String body = new String(this.bodies.getFirst(), StandardCharsets.UTF_8);
		assertThat(body).contains("name=\"purpose\"").contains("batch");
		assertThat(body).contains("name=\"file\"; filename=\"run-1.jsonl\"").contains("{\"a\":1}\n{}\n");
	}

	@Test
	void pagesThroughListsToTheNewestMatch() {
		// given: the match on the second page, an older one on the third
		answer("GET /v1/batches?limit=100", 200, list(true, "batch_a", "file-x", "batch_b", "file-y"));
		answer("GET /v1/batches?limit=100&after=batch_b", 200, list(true, "batch_c", "file-wanted"));
		answer("GET /v1/batches?limit=100&after=batch_c", 200, list(false, "batch_d", "file-wanted"));
		answer("GET /v1/files?purpose=batch&limit=100", 200,
				"{\"object\":\"list\",\"data\":[{\"id\":\"file-9\",\"filename\":\"other.jsonl\"}],\"has_more\":false}");

		// when
		ProviderBatch batch = api().findBatchFor("file-wanted").orElseThrow();

		// then
		assertThat(batch.id()).isEqualTo("batch_c");
		assertThat(this.requested).containsExactly("GET /v1/batches?limit=100",
				"GET /v1/batches?limit=100&after=batch_b");
		assertThat(api().findFile("run-1.jsonl")).isEmpty();
	}

	@Test
	void stopsAListThatClaimsMoreWithoutMovingOn() {
		// given: a list that says it has more but names the same last id again
		answer("GET /v1/batches?limit=100", 200, list(true, "batch_a", "file-x"));
		answer("GET /v1/batches?limit=100&after=batch_a", 200, list(true, "batch_a", "file-x"));

		// when / then
		assertThat(api().findBatchFor("file-wanted")).isEmpty();
	}

	@Test
	void refusesAHostileBatchObject() {
		// given
		answer("GET /v1/batches/batch_1", 200,
				"{\"id\":\"batch_1\",\"status\":\"completed\"," + "\"output_file_id\":\"file-1\\r\\nX-Evil: yes\"}");

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class, () -> api().retrieve("batch_1"));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(failure.code()).isEqualTo("malformed_batch");
	}

	@Test
	void sendsIdsAsOnePathSegment() {
		// given
		answer("GET /v1/batches/a%2Fb%3Fc", 200, "{\"id\":\"a\",\"status\":\"failed\"}");

		// when
		ProviderBatch batch = api().retrieve("a/b?c");

		// then
		assertThat(batch.status()).isEqualTo("failed");
	}

	@Test
	void treatsAFileAlreadyGoneAsDeletedAndOtherFailuresAsFailures() {
		// given
		answer("DELETE /v1/files/file-gone", 404, "{\"error\":{\"code\":\"file_not_found\",\"message\":\"gone\"}}");
		answer("DELETE /v1/files/file-busy", 503, "{\"error\":{\"code\":\"overloaded\",\"message\":\"busy\"}}");

		// when
		api().delete("file-gone");
		GatewayException busy = catchThrowableOfType(GatewayException.class, () -> api().delete("file-busy"));

		// then
		assertThat(busy.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(busy.code()).isEqualTo("overloaded");
		assertThat(busy.getMessage()).isEqualTo("busy");
	}

	@Test
	void cutsAFileIntoLinesNumberedAsInTheFile() {
		// given: blank lines, CRLF, a line too long, no newline at the end
		answer("GET /v1/files/file-1/content", 200,
				"{\"n\":1}\r\n\n   \n{\"n\":4}\n" + "x".repeat(200) + "\n{\"n\":6}");

		// when
		List<String> lines = new ArrayList<>();
		long count = api().readLines("file-1", 100, (line) -> lines.add(switch (line) {
			case BatchFileLine.Content content -> content.number() + ":" + text(content);
			case BatchFileLine.TooLong tooLong -> tooLong.number() + ": too long, " + tooLong.bytes();
		}));

		// then
		assertThat(count).isEqualTo(4);
		assertThat(lines).containsExactly("1:{\"n\":1}\r", "4:{\"n\":4}", "5: too long, 200", "6:{\"n\":6}");
	}

	@Test
	void givesUpOnAFileThatDripsPastTheTransferTimeout() {
		// given
		this.answers.put("GET /v1/files/file-slow/content", new Answer(200, null));
		HttpBatchApi api = api(Duration.ofMillis(700));

		// when
		List<BatchFileLine> lines = new ArrayList<>();
		long started = System.nanoTime();
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> api.readLines("file-slow", 1000, lines::add));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(failure.code()).isEqualTo("timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(lines).as("the lines before the timeout were handed over").isNotEmpty();
	}

	@Test
	void refusesToUploadAFileOverTheLimitBeforeSendingIt() throws IOException {
		// given: a file over the 1 MB limit of these tests
		Path jsonl = Files.write(this.temp.resolve("big.jsonl"), new byte[1024 * 1024 + 1]);

		// when / then
		assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> api().upload("big.jsonl", jsonl)))
			.hasMessageContaining("more than batch.max-file-size");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void returnsTheBatchWhenCancellingOneThatHasEnded() {
		// given
		answer("POST /v1/batches/batch_1/cancel", 409,
				"{\"error\":{\"code\":\"batch_not_cancellable\",\"message\":\"ended\"}}");
		answer("GET /v1/batches/batch_1", 200, "{\"id\":\"batch_1\",\"status\":\"completed\"}");

		// when / then
		assertThat(api().cancel("batch_1").status()).isEqualTo("completed");
	}

	private static String text(BatchFileLine.Content content) {
		try {
			return new String(content.bytes().toByteArray(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static String list(boolean hasMore, String... idsAndInputs) {
		StringBuilder data = new StringBuilder();
		for (int i = 0; i < idsAndInputs.length; i += 2) {
			data.append((i > 0) ? "," : "")
				.append("{\"id\":\"")
				.append(idsAndInputs[i])
				.append("\",\"status\":\"completed\",\"input_file_id\":\"")
				.append(idsAndInputs[i + 1])
				.append("\"}");
		}
		return "{\"object\":\"list\",\"data\":[" + data + "],\"last_id\":\"" + idsAndInputs[idsAndInputs.length - 2]
				+ "\",\"has_more\":" + hasMore + "}";
	}

	private void answer(String request, int status, String body) {
		this.answers.put(request, new Answer(status, body));
	}

	private void answer(HttpExchange exchange) throws IOException {
		String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
				+ ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery()
						: "");
		this.requested.add(request);
		this.bodies.add(exchange.getRequestBody().readAllBytes());
		Answer answer = this.answers.get(request);
		if (answer == null) {
			exchange.sendResponseHeaders(599, -1);
			exchange.close();
			return;
		}
		if (answer.body() == null) {
			// a line now and then, for ever
			exchange.sendResponseHeaders(answer.status(), 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 100; i++) {
					out.write("{\"n\":1}\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					Thread.sleep(200);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client hung up
			}
			return;
		}
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer.status(), body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private HttpBatchApi api() {
		return api(Duration.ofSeconds(10));
	}

	private HttpBatchApi api(Duration transferTimeout) {
		GatewaySettings defaults = GatewaySettings
			.of(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1"), new ApiKey("sk-x"));
		GatewaySettings settings = GatewayBatchTests.withMode(defaults, CallMode.BATCH, new BatchSettings(100,
				DataSize.ofMegabytes(1), true, Duration.ofMillis(10), Duration.ofMillis(10), transferTimeout));
		return new HttpBatchApi("capture", settings,
				new BoundedHttp(Duration.ofSeconds(2), 2, SystemDefaultDnsResolver.INSTANCE),
				JsonMapper.builder().build());
	}

	private record Answer(int status, @Nullable String body) {
	}

}
