package io.imagebatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import io.imagebatch.simulator.BatchFiles.StoredFile;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider Batch API over HTTP, under {@code /v1} (and {@code /api}): {@code /files}
 * to upload, list, describe, download and delete JSONL files, {@code /batches} to create,
 * describe, cancel and list batches; and {@code GET /admin/batches} for tests. Callers
 * present a key as for synchronous calls; refusals are thrown as {@link SimulatorError}
 * for {@link SimulatorHandler} to write.
 */
final class BatchRoutes {

	private static final Pattern ROUTE = Pattern.compile("/(?:v1|api)/(files|batches)(?:/([^/]+)(?:/([^/]+))?)?/?");

	private static final String ADMIN = "/admin/batches";

	private static final int MAX_CREATE_BODY = 1024 * 1024;

	private static final int MAX_METADATA = 16;

	private static final int MAX_FILES_LIMIT = 10_000;

	private static final int MAX_BATCHES_LIMIT = 100;

	/** Room for the multipart framing around the file. */
	private static final long MULTIPART_OVERHEAD = 64 * 1024;

	private static final List<String> ENDPOINTS = List.of(BatchProcessor.IMAGES_ENDPOINT, BatchProcessor.CHAT_ENDPOINT);

	private final LiveSettings settings;

	private final JsonMapper json;

	private final BatchFiles files;

	private final SimulatedBatches batches;

	private final BatchCounters counters;

	BatchRoutes(LiveSettings settings, JsonMapper json, BatchFiles files, SimulatedBatches batches,
			BatchCounters counters) {
		this.settings = settings;
		this.json = json;
		this.files = files;
		this.batches = batches;
		this.counters = counters;
	}

	boolean serves(String path) {
		return path.equals(ADMIN) || ROUTE.matcher(path).matches();
	}

	void handle(HttpExchange exchange, String method, String path) throws IOException {
		if (path.equals(ADMIN)) {
			requireMethod(method, "GET", path);
			List<BatchAnswer.Summary> summaries = this.batches.newestFirst()
				.stream()
				.map(SimulatedBatch::summary)
				.toList();
			sendJson(exchange, 200, BatchAdminAnswer.of(this.counters.counts(), summaries));
			return;
		}
		BearerKeys.authenticate(BearerKeys.presented(exchange), this.settings.current());
		Matcher route = ROUTE.matcher(path);
		if (!route.matches()) {
			throw unknown(method, path);
		}
		String id = route.group(2);
		String action = route.group(3);
		if (route.group(1).equals("files")) {
			files(exchange, method, path, id, action);
		}
		else {
			batches(exchange, method, path, id, action);
		}
	}

	private void files(HttpExchange exchange, String method, String path, @Nullable String id, @Nullable String action)
			throws IOException {
		if (id == null) {
			if (method.equals("POST")) {
				upload(exchange);
			}
			else {
				requireMethod(method, "GET", path);
				Map<String, String> query = query(exchange);
				sendJson(exchange, 200, ListAnswer.page(this.files.newestFirst(query.get("purpose")), StoredFile::id,
						query.get("after"), limit(query, MAX_FILES_LIMIT, MAX_FILES_LIMIT), FileAnswer::of));
			}
		}
		else if (action == null) {
			if (method.equals("DELETE")) {
				if (!this.files.delete(id)) {
					throw fileNotFound(id);
				}
				this.counters.fileDeleted();
				sendJson(exchange, 200, new FileAnswer.Deleted(id, "file", true));
			}
			else {
				requireMethod(method, "GET", path);
				sendJson(exchange, 200, FileAnswer.of(file(id)));
			}
		}
		else if (action.equals("content")) {
			requireMethod(method, "GET", path);
			download(exchange, file(id));
		}
		else {
			throw unknown(method, path);
		}
	}

	private void batches(HttpExchange exchange, String method, String path, @Nullable String id,
			@Nullable String action) throws IOException {
		if (id == null) {
			if (method.equals("POST")) {
				sendJson(exchange, 200, create(exchange));
			}
			else {
				requireMethod(method, "GET", path);
				Map<String, String> query = query(exchange);
				sendJson(exchange, 200, ListAnswer.page(this.batches.newestFirst(), SimulatedBatch::id,
						query.get("after"), limit(query, 20, MAX_BATCHES_LIMIT), SimulatedBatch::answer));
			}
		}
		else if (action == null) {
			requireMethod(method, "GET", path);
			sendJson(exchange, 200, batch(id).answer());
		}
		else if (action.equals("cancel")) {
			requireMethod(method, "POST", path);
			SimulatedBatch batch = batch(id);
			if (batch.cancel(this.batches.now())) {
				this.counters.batchCancelled();
			}
			sendJson(exchange, 200, batch.answer());
		}
		else {
			throw unknown(method, path);
		}
	}

	private void upload(HttpExchange exchange) throws IOException {
		long max = this.settings.current().batchMaxFileSize().toBytes();
		String length = exchange.getRequestHeaders().getFirst("Content-Length");
		if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max + MULTIPART_OVERHEAD) {
			throw MultipartUpload.tooLarge(max);
		}
		Path target = this.files.newPath("upload");
		boolean kept = false;
		try (InputStream body = exchange.getRequestBody()) {
			MultipartUpload.Upload upload = MultipartUpload
				.receive(exchange.getRequestHeaders().getFirst("Content-Type"), body, max, target);
			if (!BatchFiles.BATCH.equals(upload.purpose())) {
				throw SimulatorError.invalidRequest("invalid_purpose",
						"The purpose must be 'batch', was '" + upload.purpose() + "'.");
			}
			StoredFile file = this.files.add(upload.filename(), BatchFiles.BATCH, target);
			kept = true;
			this.counters.fileUploaded();
			sendJson(exchange, 200, FileAnswer.of(file));
		}
		finally {
			if (!kept) {
				BatchFiles.deleteQuietly(target);
			}
		}
	}

	private void download(HttpExchange exchange, StoredFile file) throws IOException {
		InputStream content;
		try {
			content = Files.newInputStream(file.path());
		}
		catch (IOException ex) {
			// Deleted after it was looked up.
			throw fileNotFound(file.id());
		}
		try (content) {
			exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
			exchange.sendResponseHeaders(200, (file.bytes() == 0) ? -1 : file.bytes());
			try (OutputStream out = exchange.getResponseBody()) {
				content.transferTo(out);
			}
		}
	}

	private BatchAnswer create(HttpExchange exchange) throws IOException {
		JsonNode request = readJson(exchange);
		String endpoint = text(request, "endpoint");
		if (endpoint == null || !ENDPOINTS.contains(endpoint)) {
			throw SimulatorError.invalidRequest("invalid_endpoint",
					"The endpoint must be one of " + String.join(", ", ENDPOINTS) + ".");
		}
		if (!SimulatedBatch.COMPLETION_WINDOW.equals(text(request, "completion_window"))) {
			throw SimulatorError.invalidRequest("invalid_completion_window", "The completion_window must be '24h'.");
		}
		String inputFileId = text(request, "input_file_id");
		StoredFile input = (inputFileId != null) ? this.files.find(inputFileId).orElse(null) : null;
		if (input == null || !BatchFiles.BATCH.equals(input.purpose())) {
			throw SimulatorError.invalidRequest("invalid_input_file",
					"The input_file_id does not name an uploaded batch file.");
		}
		BatchAnswer created = this.batches.create(input, endpoint, metadata(request.get("metadata")));
		this.counters.batchCreated();
		return created;
	}

	private static Map<String, String> metadata(@Nullable JsonNode metadata) {
		Map<String, String> values = new HashMap<>();
		if (metadata == null || metadata.isNull()) {
			return values;
		}
		if (!metadata.isObject() || metadata.size() > MAX_METADATA) {
			throw SimulatorError.invalidRequest("invalid_metadata",
					"The metadata must be an object of at most " + MAX_METADATA + " strings.");
		}
		for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
			if (!entry.getValue().isString() || entry.getKey().length() > 64
					|| entry.getValue().stringValue().length() > 512) {
				throw SimulatorError.invalidRequest("invalid_metadata",
						"Metadata keys have at most 64 characters and values are strings of at most 512.");
			}
			values.put(entry.getKey(), entry.getValue().stringValue());
		}
		return values;
	}

	private static @Nullable String text(JsonNode request, String field) {
		JsonNode value = request.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private JsonNode readJson(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(MAX_CREATE_BODY + 1);
		}
		if (body.length > MAX_CREATE_BODY) {
			throw new SimulatorError(413, "invalid_request_error", "request_too_large",
					"The request body is larger than " + MAX_CREATE_BODY + " bytes.");
		}
		try {
			JsonNode root = this.json.readTree(body);
			if (root != null && root.isObject()) {
				return root;
			}
		}
		catch (JacksonException ex) {
			// Answered below.
		}
		throw SimulatorError.invalidRequest("invalid_json", "We could not parse the JSON body of your request.");
	}

	private StoredFile file(String id) {
		return this.files.find(id).orElseThrow(() -> fileNotFound(id));
	}

	private SimulatedBatch batch(String id) {
		return this.batches.find(id)
			.orElseThrow(() -> new SimulatorError(404, "invalid_request_error", "batch_not_found",
					"No batch with id '" + id + "'."));
	}

	private static SimulatorError fileNotFound(String id) {
		return new SimulatorError(404, "invalid_request_error", "file_not_found", "No file with id '" + id + "'.");
	}

	private static Map<String, String> query(HttpExchange exchange) {
		Map<String, String> values = new HashMap<>();
		String raw = exchange.getRequestURI().getRawQuery();
		if (raw == null) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				try {
					values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
				catch (IllegalArgumentException ex) {
					throw SimulatorError.invalidRequest("invalid_query", "The query string is not percent-encoded.");
				}
			}
		}
		return values;
	}

	private static int limit(Map<String, String> query, int fallback, int max) {
		String limit = query.get("limit");
		if (limit == null) {
			return fallback;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw SimulatorError.invalidRequest("invalid_limit", "The limit must be a number from 1 to " + max + ".");
	}

	private static void requireMethod(String method, String expected, String path) {
		if (!expected.equals(method)) {
			throw new SimulatorError(405, "invalid_request_error", "method_not_allowed",
					"Method " + method + " is not allowed on " + path + "; use " + expected);
		}
	}

	private static SimulatorError unknown(String method, String path) {
		return new SimulatorError(404, "invalid_request_error", "unknown_url",
				"Invalid URL (" + method + " " + path + ")");
	}

	private void sendJson(HttpExchange exchange, int status, Object answer) throws IOException {
		byte[] body = this.json.writeValueAsBytes(answer);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
