package io.imagebatch.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.imagebatch.ratelimit.RateLimitHeaders;
import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-shaped Batch API over HTTP: {@code {base-url}/files} and
 * {@code {base-url}/batches}. It has its own few connections, so that calls in flight on
 * the images endpoint never keep a batch from being followed, and the other way round.
 * Short calls are bounded by the gateway's {@code timeout}; uploads and file contents by
 * {@code batch.transfer-timeout}.
 */
final class HttpBatchApi implements BatchApi {

	/** File and batch objects and their lists are small; a larger answer is not one. */
	static final int MAX_JSON_ANSWER = 16 * 1024 * 1024;

	private static final int PAGE_SIZE = 100;

	/** A list that keeps saying it has more is a gateway gone wrong. */
	private static final int MAX_PAGES = 10_000;

	private static final ContentType JSONL = ContentType.create("application/jsonl");

	private final String name;

	private final GatewaySettings settings;

	private final BoundedHttp http;

	private final JsonMapper json;

	HttpBatchApi(String name, GatewaySettings settings, BoundedHttp http, JsonMapper json) {
		this.name = name;
		this.settings = settings;
		this.http = http;
		this.json = json;
	}

	@Override
	public ProviderFile upload(String filename, Path jsonl) {
		long size = size(jsonl);
		long max = this.settings.batch().maxFileSize().toBytes();
		if (size > max) {
			throw new IllegalArgumentException(
					"batch file " + jsonl + " has " + size + " bytes, more than batch.max-file-size (" + max + ")");
		}
		HttpPost request = new HttpPost(this.settings.join("/files"));
		request.setEntity(MultipartEntityBuilder.create()
			.addTextBody("purpose", "batch")
			.addBinaryBody("file", jsonl.toFile(), JSONL, filename)
			.build());
		return BatchObjects.file(call(request, this.settings.batch().transferTimeout()), this.name);
	}

	@Override
	public Optional<ProviderFile> findFile(String filename) {
		return find("/files", Map.of("purpose", "batch"),
				(file) -> "batch".equals(file.path("purpose").asString("batch"))
						&& filename.equals(file.path("filename").asString(null)),
				(file) -> BatchObjects.file(file, this.name));
	}

	@Override
	public ProviderBatch create(String inputFileId, String endpoint, Map<String, String> metadata) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("input_file_id", inputFileId);
		body.put("endpoint", endpoint);
		body.put("completion_window", "24h");
		body.put("metadata", metadata);
		HttpPost request = new HttpPost(this.settings.join("/batches"));
		request.setEntity(new ByteArrayEntity(this.json.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
		return BatchObjects.batch(call(request, this.settings.timeout()), this.name);
	}

	@Override
	public Optional<ProviderBatch> findBatchFor(String inputFileId) {
		return find("/batches", Map.of(), (batch) -> inputFileId.equals(batch.path("input_file_id").asString(null)),
				(batch) -> BatchObjects.batch(batch, this.name));
	}

	@Override
	public ProviderBatch retrieve(String batchId) {
		return BatchObjects.batch(call(new HttpGet(uri("/batches/", batchId, "")), this.settings.timeout()), this.name);
	}

	@Override
	public ProviderBatch cancel(String batchId) {
		try {
			return BatchObjects.batch(call(new HttpPost(uri("/batches/", batchId, "/cancel")), this.settings.timeout()),
					this.name);
		}
		catch (GatewayException ex) {
			if (ex.status() == 409) {
				// it ended before the cancel arrived: how it ended is the answer
				return retrieve(batchId);
			}
			throw ex;
		}
	}

	@Override
	public long readLines(String fileId, long maxLineBytes, Consumer<BatchFileLine> each) {
		if (maxLineBytes < 1) {
			throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
		}
		Duration timeout = this.settings.batch().transferTimeout();
		HttpGet request = new HttpGet(uri("/files/", fileId, "/content"));
		try (BoundedHttp.Exchange exchange = send(request, timeout, "*/*")) {
			if (exchange.status() / 100 != 2) {
				throw ErrorAnswers.read(exchange, RateLimitHeaders.from(exchange::header), this.json);
			}
			try (InputStream in = exchange.stream(); LineSplitter lines = new LineSplitter(maxLineBytes, each)) {
				byte[] buffer = new byte[64 * 1024];
				int read;
				while ((read = in.read(buffer)) != -1) {
					lines.split(buffer, read);
				}
				lines.end();
				return lines.handedOver();
			}
			catch (BoundedHttp.ExchangeTimeout ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "timeout", "Gateway '" + this.name
						+ "' did not send file " + fileId + " within " + timeout.toSeconds() + " s", null, ex);
			}
			catch (IOException ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "broken_response",
						"Gateway '" + this.name + "' broke off file " + fileId + ": " + ErrorAnswers.describe(ex), null,
						ex);
			}
		}
	}

	@Override
	public void delete(String fileId) {
		try (BoundedHttp.Exchange exchange = send(new HttpDelete(uri("/files/", fileId, "")), this.settings.timeout(),
				"application/json")) {
			// what a deletion answers does not matter, only that it was done or not
			// needed
			if (exchange.status() / 100 != 2 && exchange.status() != 404) {
				throw ErrorAnswers.read(exchange, RateLimitHeaders.from(exchange::header), this.json);
			}
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read batch file " + file, ex);
		}
	}

	/**
	 * Pages through a list, newest first, to the first entry that matches: the newest
	 * match.
	 */
	private <T> Optional<T> find(String path, Map<String, String> query, Predicate<JsonNode> matches,
			Function<JsonNode, T> read) {
		String after = null;
		for (int page = 0; page < MAX_PAGES; page++) {
			Map<String, String> parameters = new LinkedHashMap<>(query);
			parameters.put("limit", Integer.toString(PAGE_SIZE));
			if (after != null) {
				parameters.put("after", after);
			}
			JsonNode list = call(new HttpGet(this.settings.join(path + "?" + queryString(parameters))),
					this.settings.timeout());
			String last = null;
			for (JsonNode entry : list.path("data")) {
				if (matches.test(entry)) {
					return Optional.of(read.apply(entry));
				}
				last = entry.path("id").asString(null);
			}
			String next = list.path("last_id").asString(last);
			if (!list.path("has_more").asBoolean(false) || next == null || next.equals(after)) {
				return Optional.empty();
			}
			after = next;
		}
		throw new GatewayException(ErrorKind.TRANSIENT, 200, "endless_list", "Gateway '" + this.name + "' listed "
				+ path + " over more than " + MAX_PAGES + " pages of " + PAGE_SIZE + " without an end");
	}

	/** A call answered with one JSON object. */
	private JsonNode call(HttpUriRequestBase request, Duration timeout) {
		try (BoundedHttp.Exchange exchange = send(request, timeout, "application/json")) {
			if (exchange.status() / 100 != 2) {
				throw ErrorAnswers.read(exchange, RateLimitHeaders.from(exchange::header), this.json);
			}
			try (Spool body = exchange.body(MAX_JSON_ANSWER); InputStream in = body.open()) {
				JsonNode node = this.json.readTree(in);
				if (node == null || !node.isObject()) {
					throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "invalid_response",
							"Gateway '" + this.name + "' answered " + request.getPath() + " with no JSON object");
				}
				return node;
			}
			catch (Spool.SpoolFullException ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "response_too_large",
						"Gateway '" + this.name + "' answered " + request.getPath() + " with more than "
								+ MAX_JSON_ANSWER + " bytes");
			}
			catch (BoundedHttp.ExchangeTimeout ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "timeout",
						"Gateway '" + this.name + "' did not finish its answer within " + timeout.toSeconds() + " s",
						null, ex);
			}
			catch (IOException ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "broken_response",
						"Gateway '" + this.name + "' broke off its answer: " + ErrorAnswers.describe(ex), null, ex);
			}
			catch (JacksonException ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "invalid_response",
						"Gateway '" + this.name + "' answered " + request.getPath() + " with a body that is not JSON ("
								+ ex.getClass().getSimpleName() + ")",
						null, ex);
			}
		}
	}

	private BoundedHttp.Exchange send(HttpUriRequestBase request, Duration timeout, String accept) {
		request.setHeader("Accept", accept);
		ApiKey key = this.settings.apiKey();
		if (key != null) {
			request.setHeader("Authorization", "Bearer " + key.reveal());
		}
		try {
			return this.http.send(request, timeout);
		}
		catch (BoundedHttp.ExchangeTimeout ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "timeout",
					"Gateway '" + this.name + "' did not answer within " + timeout.toSeconds() + " s", null, ex);
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "no_response",
					"No answer from gateway '" + this.name + "': " + ErrorAnswers.describe(ex), null, ex);
		}
	}

	/** {@code prefix}, the id as one path segment, then {@code suffix}. */
	private URI uri(String prefix, String id, String suffix) {
		return this.settings.join(prefix + encode(id) + suffix);
	}

	private static String queryString(Map<String, String> parameters) {
		StringBuilder query = new StringBuilder();
		parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&")
			.append(encode(name))
			.append('=')
			.append(encode(value)));
		return query.toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Cuts a stream into lines as it arrives: each line is spooled up to the limit, and a
	 * longer one only counted.
	 */
	private static final class LineSplitter implements AutoCloseable {

		private final long maxLineBytes;

		private final Consumer<BatchFileLine> each;

		private long number;

		private long handedOver;

		private long length;

		private boolean blank = true;

		private @Nullable Spool line;

		LineSplitter(long maxLineBytes, Consumer<BatchFileLine> each) {
			this.maxLineBytes = maxLineBytes;
			this.each = each;
		}

		void split(byte[] buffer, int count) throws IOException {
			int start = 0;
			for (int i = 0; i < count; i++) {
				if (buffer[i] == '\n') {
					append(buffer, start, i - start);
					endLine();
					start = i + 1;
				}
			}
			append(buffer, start, count - start);
		}

		private void append(byte[] buffer, int offset, int count) throws IOException {
			if (count == 0) {
				return;
			}
			for (int i = offset; this.blank && i < offset + count; i++) {
				byte b = buffer[i];
				this.blank = b == ' ' || b == '\t' || b == '\r';
			}
			this.length += count;
			if (this.length > this.maxLineBytes) {
				closeLine();
				return;
			}
			if (this.line == null) {
				this.line = Spool.create(this.maxLineBytes);
			}
			this.line.write(buffer, offset, count);
		}

		/** Ends the file: a last line without a newline is a line too. */
		void end() {
			if (this.length > 0) {
				endLine();
			}
		}

		/** Ends the line under way; an empty or blank one is counted and skipped. */
		private void endLine() {
			this.number++;
			try {
				if (this.length == 0 || this.blank) {
					return;
				}
				this.handedOver++;
				if (this.length > this.maxLineBytes || this.line == null) {
					this.each.accept(new BatchFileLine.TooLong(this.number, this.length));
				}
				else {
					this.each.accept(new BatchFileLine.Content(this.number, this.line));
				}
			}
			finally {
				closeLine();
				resetLine();
			}
		}

		private void resetLine() {
			this.length = 0;
			this.blank = true;
		}

		private void closeLine() {
			if (this.line != null) {
				this.line.close();
				this.line = null;
			}
		}

		long handedOver() {
			return this.handedOver;
		}

		@Override
		public void close() {
			closeLine();
		}

	}

}
