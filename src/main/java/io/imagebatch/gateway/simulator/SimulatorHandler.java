package io.imagebatch.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.imagebatch.gateway.simulator.SimulatorLedger.GeneratedRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes and answers every request to the simulator. All refusals go through
 * {@link SimulatorError} so they share one JSON shape.
 */
final class SimulatorHandler implements HttpHandler {

	private static final List<String> V1_ROUTES = List.of("/v1/images/generations", "/v1/images/generations/");

	private static final List<String> API_ROUTES = List.of("/api/images/generations", "/api/images/generations/");

	private static final String FILES_PREFIX = "/files/";

	private static final String PNG_SUFFIX = ".png";

	/** Generous for a 32,000 character prompt plus an ignored edit image. */
	private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private final SimulatorProperties properties;

	private final Clock clock;

	private final URI baseUri;

	private final JsonMapper json;

	private final GenerationRequestParser parser;

	private final PromptImageRenderer renderer;

	private final UrlImageStore urlImages;

	private final SimulatorLedger ledger;

	private final List<byte[]> acceptedKeys;

	SimulatorHandler(SimulatorProperties properties, Clock clock, URI baseUri, JsonMapper json,
			GenerationRequestParser parser, PromptImageRenderer renderer, UrlImageStore urlImages,
			SimulatorLedger ledger) {
		this.properties = properties;
		this.clock = clock;
		this.baseUri = baseUri;
		this.json = json;
		this.parser = parser;
		this.renderer = renderer;
		this.urlImages = urlImages;
		this.ledger = ledger;
		this.acceptedKeys = properties.apiKeys().stream().map((key) -> key.getBytes(StandardCharsets.UTF_8)).toList();
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try {
				route(exchange);
			}
			catch (SimulatorError ex) {
				sendError(exchange, ex);
			}
			catch (RuntimeException ex) {
				sendError(exchange, new SimulatorError(500, "internal_server_error", "internal_error",
						"The simulator failed: " + ex.getClass().getSimpleName()));
			}
		}
	}

	private void route(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		boolean v1 = V1_ROUTES.contains(path);
		if (v1 || API_ROUTES.contains(path)) {
			requireMethod(method, "POST", path);
			generate(exchange, !v1);
		}
		else if (path.startsWith(FILES_PREFIX) && path.endsWith(PNG_SUFFIX)) {
			requireMethod(method, "GET", path);
			serveFile(exchange, path.substring(FILES_PREFIX.length(), path.length() - PNG_SUFFIX.length()));
		}
		else if (path.equals("/admin/ledger")) {
			requireMethod(method, "GET", path);
			sendJson(exchange, 200, this.json.writeValueAsBytes(ledgerJson()));
		}
		else {
			throw new SimulatorError(404, "invalid_request_error", "unknown_url",
					"Invalid URL (" + method + " " + path + ")");
		}
	}

	private static void requireMethod(String method, String expected, String path) {
		if (!expected.equals(method)) {
			throw new SimulatorError(405, "invalid_request_error", "method_not_allowed",
					"Method " + method + " is not allowed on " + path + "; use " + expected);
		}
	}

	private void generate(HttpExchange exchange, boolean modelOptional) throws IOException {
		this.ledger.recordRequest();
		try {
			authenticate(exchange);
			GenerationRequest request = this.parser.parse(readBody(exchange), modelOptional);
			// Validation answers at once, as gateways check before queueing; generation
			// (including the content filter) is what takes time.
			this.ledger.callStarted();
			try {
				sleepLatency();
			}
			finally {
				this.ledger.callEnded();
			}
			rejectByContentPolicy(request.prompt());
			sendJson(exchange, 200, this.json.writeValueAsBytes(generateImages(request)));
		}
		catch (SimulatorError ex) {
			this.ledger.recordRejection();
			throw ex;
		}
	}

	private void authenticate(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		String key = (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) ? header.substring(7).strip()
				: "";
		if (key.isEmpty()) {
			throw new SimulatorError(401, "authentication_error", "invalid_api_key",
					"You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_KEY'.");
		}
		if (!this.acceptedKeys.isEmpty() && !isAccepted(key)) {
			// The message deliberately leaves the key out: error bodies end up in logs.
			throw new SimulatorError(401, "authentication_error", "invalid_api_key", "Incorrect API key provided.");
		}
	}

	private boolean isAccepted(String key) {
		byte[] presented = key.getBytes(StandardCharsets.UTF_8);
		boolean accepted = false;
		for (byte[] candidate : this.acceptedKeys) {
			accepted |= MessageDigest.isEqual(candidate, presented);
		}
		return accepted;
	}

	private static byte[] readBody(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw new SimulatorError(413, "invalid_request_error", "request_too_large",
						"The request body is larger than " + MAX_BODY_BYTES + " bytes.");
			}
			return body;
		}
	}

	private void sleepLatency() {
		long least = this.properties.latency().toNanos();
		long jitter = this.properties.latencyJitter().toNanos();
		long nanos = least + ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
		if (nanos <= 0) {
			return;
		}
		try {
			Thread.sleep(Duration.ofNanos(nanos));
		}
		catch (InterruptedException ex) {
			// Only stop() interrupts: the server is going away, so the answer does not
			// matter.
			Thread.currentThread().interrupt();
			throw new SimulatorError(503, "upstream_error", "shutting_down", "The simulator is shutting down.");
		}
	}

	private void rejectByContentPolicy(String prompt) {
		String marker = this.properties.rejectMarker();
		if (!marker.isBlank() && prompt.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
			throw SimulatorError.invalidRequest("content_policy_violation",
					"Your request was rejected due to content policy violations");
		}
	}

	private ObjectNode generateImages(GenerationRequest request) {
		ObjectNode response = this.json.createObjectNode();
		response.put("created", this.clock.instant().getEpochSecond());
		ArrayNode data = response.putArray("data");
		for (int index = 0; index < request.n(); index++) {
			byte[] png = this.renderer.render(new PromptImageRenderer.Card(request.prompt(), request.model().id(),
					request.size(), request.quality(), index, request.n(), request.transparent()));
			ObjectNode image = data.addObject();
			if ("b64_json".equals(request.responseFormat())) {
				image.put("b64_json", Base64.getEncoder().encodeToString(png));
			}
			else {
				String token = UUID.randomUUID().toString().replace("-", "");
				this.urlImages.put(token, png);
				image.put("url", this.baseUri + FILES_PREFIX + token + PNG_SUFFIX);
			}
			if (request.model().id().equals("dall-e-3")) {
				image.put("revised_prompt", "A detailed rendering of: " + request.prompt());
			}
			this.ledger.recordImage(new GeneratedRecord(request.requestedModel(), request.size(), request.quality(),
					index, request.n(), request.prompt(), request.responseFormat(), sha256(png), png.length));
		}
		if (request.reportsUsage()) {
			addUsage(response, request);
		}
		return response;
	}

	private static void addUsage(ObjectNode response, GenerationRequest request) {
		long input = ImageTokenTable.inputTextTokens(request.prompt());
		long output = request.n() * ImageTokenTable.outputTokensPerImage(request.size(), request.quality());
		ObjectNode usage = response.putObject("usage");
		usage.put("total_tokens", input + output);
		usage.put("input_tokens", input);
		usage.put("output_tokens", output);
		ObjectNode details = usage.putObject("input_tokens_details");
		details.put("text_tokens", input);
		details.put("image_tokens", 0);
	}

	private void serveFile(HttpExchange exchange, String token) throws IOException {
		Optional<byte[]> png = this.urlImages.get(token);
		if (png.isEmpty()) {
			throw new SimulatorError(404, "invalid_request_error", "url_expired",
					"The image URL has expired or does not exist.");
		}
		exchange.getResponseHeaders().set("Content-Type", "image/png");
		exchange.sendResponseHeaders(200, png.get().length);
		exchange.getResponseBody().write(png.get());
	}

	private ObjectNode ledgerJson() {
		ObjectNode root = this.json.createObjectNode();
		root.put("requests", this.ledger.requests());
		root.put("rejected", this.ledger.rejected());
		root.put("images_generated", this.ledger.imagesGenerated());
		ArrayNode generated = root.putArray("generated");
		for (GeneratedRecord record : this.ledger.generated()) {
			ObjectNode row = generated.addObject();
			row.put("model", record.model());
			row.put("size", record.size());
			row.put("quality", record.quality());
			row.put("index", record.index());
			row.put("n", record.n());
			row.put("prompt", record.prompt());
			row.put("response_format", record.responseFormat());
			row.put("sha256", record.sha256());
			row.put("byte_count", record.byteCount());
		}
		return root;
	}

	private void sendError(HttpExchange exchange, SimulatorError error) throws IOException {
		ObjectNode root = this.json.createObjectNode();
		ObjectNode body = root.putObject("error");
		body.put("type", error.type());
		body.put("code", error.code());
		body.put("message", error.getMessage());
		sendJson(exchange, error.status(), this.json.writeValueAsBytes(root));
	}

	private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
