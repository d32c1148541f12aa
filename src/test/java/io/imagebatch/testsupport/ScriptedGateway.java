package io.imagebatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway that answers what a test scripts, over real HTTP: for answers the simulator
 * has no fault for, such as a hostile error body. Each answer is picked by a marker the
 * request's prompt contains; a prompt with no scripted marker is answered 400.
 */
public final class ScriptedGateway implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private ScriptedGateway() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static ScriptedGateway start() {
		return new ScriptedGateway();
	}

	/**
	 * Answers every call whose prompt contains {@code marker} with {@code status} and
	 * {@code body}, plus any headers given as name, value, name, value.
	 */
	public ScriptedGateway answer(String marker, int status, String body, String... headers) {
		this.answers.put(marker, new Answer(status, body, headers));
		return this;
	}

	/** An OpenAI-shaped error body. */
	public static String error(String code, String message) {
		return JSON.writeValueAsString(Map.of("error", Map.of("code", code, "message", message, "type", "error")));
	}

	/** The base URL to configure as the gateway's {@code base-url}. */
	public URI baseUri() {
		return URI.create("http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort() + "/v1");
	}

	public int calls() {
		return this.calls.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			this.calls.incrementAndGet();
			String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Answer answer = this.answers.entrySet()
				.stream()
				.filter((entry) -> request.contains(entry.getKey()))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(new Answer(400, error("unscripted", "no answer scripted for " + request), new String[0]));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			for (int i = 0; i + 1 < answer.headers().length; i += 2) {
				exchange.getResponseHeaders().set(answer.headers()[i], answer.headers()[i + 1]);
			}
			exchange.sendResponseHeaders(answer.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.close();
	}

	private record Answer(int status, String body, String[] headers) {

	}

}
