package io.imagebatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.imagebatch.simulator.FaultDice.Delivery;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes and answers every request to the simulator (the Batch API in
 * {@link BatchRoutes}). All refusals go through {@link SimulatorError} so they share one
 * JSON shape. The settings are read afresh for each request, so {@code PUT /admin/config}
 * applies to the next one.
 */
final class SimulatorHandler implements HttpHandler {

	private static final List<String> V1_ROUTES = List.of("/v1/images/generations", "/v1/images/generations/");

	private static final List<String> API_ROUTES = List.of("/api/images/generations", "/api/images/generations/");

	private static final List<String> CHAT_ROUTES = List.of("/v1/chat/completions", "/v1/chat/completions/",
			"/api/chat/completions", "/api/chat/completions/");

	static final String FILES_PREFIX = "/files/";

	static final String PNG_SUFFIX = ".png";

	private static final String JSON = "application/json";

	/**
	 * Clears the screen, moves the cursor up, and hides the line under a fake success.
	 */
	static final String ANSI_PREFIX = "\u001b[2J\u001b[1A";

	static final String ANSI_SUFFIX = "\r\u001b[32m✔ all items SUCCEEDED\u001b[0m";

	private static final byte[] MESSAGE_FILLER = " The gateway has a great deal more to say about this."
		.getBytes(StandardCharsets.US_ASCII);

	/** What follows the start of an endless {@code b64_json}: base64 that never ends. */
	private static final byte[] BASE64_FILLER = { 'A' };

	/** What follows the start of an endless PNG download. */
	private static final byte[] BINARY_FILLER = { 0 };

	/** Generous for a 32,000 character prompt plus an ignored edit image. */
	static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private final LiveSettings settings;

	private final Clock clock;

	private final JsonMapper json;

	private final GenerationRequestParser parser;

	private final ImageGeneration generation;

	private final UrlImageStore urlImages;

	private final SimulatorLedger ledger;

	private final BatchRoutes batchRoutes;

	private final RateLimiter rateLimiter = new RateLimiter();

	private final AdminConfig adminConfig;

	SimulatorHandler(LiveSettings settings, Clock clock, JsonMapper json, GenerationRequestParser parser,
			ImageGeneration generation, UrlImageStore urlImages, SimulatorLedger ledger, BatchRoutes batchRoutes) {
		this.settings = settings;
		this.clock = clock;
		this.json = json;
		this.parser = parser;
		this.generation = generation;
		this.urlImages = urlImages;
		this.ledger = ledger;
		this.batchRoutes = batchRoutes;
		this.adminConfig = new AdminConfig(json);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try {
				route(exchange);
			}
			catch (DroppedConnection ex) {
				// Closing the exchange before any response header is sent closes the
				// socket: the client reads end-of-stream where the status line should be.
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
			generate(exchange, (body) -> this.parser.parse(body, !v1), this.generation::images);
		}
		else if (CHAT_ROUTES.contains(path)) {
			requireMethod(method, "POST", path);
			generate(exchange, this.parser::parseChat, this.generation::chat);
		}
		else if (this.batchRoutes.serves(path)) {
			this.batchRoutes.handle(exchange, method, path);
		}
		else if (path.startsWith(FILES_PREFIX) && path.endsWith(PNG_SUFFIX)) {
			requireMethod(method, "GET", path);
			serveFile(exchange, path.substring(FILES_PREFIX.length(), path.length() - PNG_SUFFIX.length()));
		}
		else if (path.equals("/redirect")) {
			requireMethod(method, "GET", path);
			redirect(exchange);
		}
		else if (path.equals("/admin/ledger")) {
			requireMethod(method, "GET", path);
			sendJson(exchange, 200, this.json.writeValueAsBytes(LedgerAnswer.of(this.ledger)));
		}
		else if (path.equals("/admin/config")) {
			if (method.equals("PUT")) {
				JsonNode change = readJson(readBody(exchange));
				this.settings.update((current) -> this.adminConfig.apply(current, change));
			}
			else {
				requireMethod(method, "GET", path);
			}
			sendJson(exchange, 200, this.json.writeValueAsBytes(this.adminConfig.toJson(this.settings.current())));
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

	/**
	 * The checks in the order a gateway makes them: who is calling, what they ask,
	 * whether their rate limit and credit allow it; then the work, during which injected
	 * faults strike, and the content filter. A refusal leaves in the words the hostile
	 * settings choose.
	 */
	private void generate(HttpExchange exchange, Function<byte[], GenerationRequest> parse,
			BiFunction<GenerationRequest, SimulatorProperties, AnswerBody> respond) throws IOException {
		this.ledger.recordRequest();
		SimulatorProperties settings = this.settings.current();
		String presentedKey = BearerKeys.presented(exchange);
		try {
			String key = BearerKeys.authenticate(presentedKey, settings);
			GenerationRequest request = parse.apply(readBody(exchange));
			limitRate(exchange, key, request, settings);
			FaultDice.AnswerRoll fate = this.settings.dice().rollAnswer(settings);
			if (fate.throttle()) {
				throw throttled(exchange, settings.throttleRetryAfter());
			}
			this.generation.reserveCredit(request.n(), settings);
			boolean paid = false;
			try {
				FaultDice.Roll roll = this.settings.dice().roll(settings, settings.latencyJitter().toNanos());
				// Validation answers at once, as gateways check before queueing;
				// generation
				// (including the content filter) is what takes time.
				this.ledger.callStarted();
				try {
					sleep(roll.slow() ? settings.slowLatency()
							: latency(settings, request).plusNanos(roll.jitterNanos()));
				}
				finally {
					this.ledger.callEnded();
				}
				if (roll.drop()) {
					this.ledger.recordDrop();
					throw DroppedConnection.INSTANCE;
				}
				if (roll.serverError() != 0) {
					throw ImageGeneration.serverError(roll.serverError());
				}
				ImageGeneration.rejectByContentPolicy(request.prompt(), settings);
				if (fate.delivery() == Delivery.ENDLESS) {
					// Nothing is generated: no image could ever reach the client.
					// The head is written by hand, not from a record: this JSON
					// never closes, and a record only writes whole documents.
					this.ledger.recordEndless();
					byte[] head = ("{\"created\":" + this.clock.instant().getEpochSecond()
							+ ",\"data\":[{\"b64_json\":\"")
						.getBytes(StandardCharsets.US_ASCII);
					send(exchange, 200, JSON,
							AnswerBody.endless(head, BASE64_FILLER, settings.endlessBodyLimit().toBytes()), null);
					return;
				}
				AnswerBody response = respond.apply(request, settings);
				paid = true;
				send(exchange, 200, JSON, response, dripInterval(fate.delivery(), settings));
			}
			finally {
				if (!paid) {
					this.generation.refundCredit(request.n());
				}
			}
		}
		catch (SimulatorError ex) {
			this.ledger.recordError(ex.status());
			throw hostile(ex, settings, presentedKey);
		}
	}

	private static SimulatorError throttled(HttpExchange exchange, Duration wait) {
		Headers headers = exchange.getResponseHeaders();
		headers.set("Retry-After", Long.toString(Math.ceilDiv(wait.toNanos(), 1_000_000_000L)));
		headers.set("retry-after-ms", Long.toString(Math.ceilDiv(wait.toNanos(), 1_000_000L)));
		return new SimulatorError(429, "rate_limit_error", "rate_limit_exceeded",
				"Rate limit reached for requests. Please try again in " + RateLimiter.resetFormat(wait) + ".");
	}

	/**
	 * The refusal as a careless or hostile gateway words it: with the caller's key, with
	 * terminal escapes, with a code and message far longer than anyone would store.
	 */
	private static SimulatorError hostile(SimulatorError error, SimulatorProperties settings, String presentedKey) {
		String message = error.getMessage();
		if (settings.echoKey() && !presentedKey.isEmpty()) {
			if (error.status() == 401) {
				message = "Incorrect API key provided: " + presentedKey
						+ ". You can find your API key at https://platform.openai.com/account/api-keys.";
			}
			else if (error.status() == 400) {
				message = message + " (request made with API key " + presentedKey + ")";
			}
		}
		if (settings.ansiErrors()) {
			message = ANSI_PREFIX + message + ANSI_SUFFIX;
		}
		String code = error.code();
		if (settings.errorCodeLength() > code.length()) {
			code = (code + "_" + "x".repeat(settings.errorCodeLength())).substring(0, settings.errorCodeLength());
		}
		long padding = settings.errorMessageSize().toBytes() - message.getBytes(StandardCharsets.UTF_8).length;
		return error.withText(code, message, Math.max(0, padding));
	}

	private static Duration latency(SimulatorProperties settings, GenerationRequest request) {
		Duration own = settings.modelLatency().get(request.requestedModel());
		return (own != null) ? own : settings.latencyFor(request.model().id());
	}

	private void limitRate(HttpExchange exchange, String key, GenerationRequest request, SimulatorProperties settings) {
		RateLimiter.Decision decision = this.rateLimiter.acquire(key, request.n(), settings, this.clock.instant());
		Headers headers = exchange.getResponseHeaders();
		addRateLimitHeaders(headers, "requests", decision.requests());
		addRateLimitHeaders(headers, "images", decision.images());
		if (decision.allowed()) {
			return;
		}
		RateLimiter.Limited first = decision.limited().get(0);
		Duration wait = decision.retryAfter();
		if (wait == null) {
			// Waiting would never help, so say so instead of inviting endless retries.
			throw SimulatorError.invalidRequest("request_too_large",
					"Request too large for " + first.resource() + " per minute (" + first.abbreviation() + "): Limit "
							+ first.perMinute() + ", Requested " + first.requested()
							+ ". Ask for fewer images per request.");
		}
		headers.set("Retry-After", Long.toString(Math.ceilDiv(wait.toNanos(), 1_000_000_000L)));
		headers.set("retry-after-ms", Long.toString(Math.ceilDiv(wait.toNanos(), 1_000_000L)));
		throw new SimulatorError(429, "rate_limit_error", "rate_limit_exceeded",
				"Rate limit reached for " + first.resource() + " per minute (" + first.abbreviation() + "): Limit "
						+ first.perMinute() + ", Requested " + first.requested() + ". Please try again in "
						+ RateLimiter.resetFormat(wait) + ".");
	}

	private static void addRateLimitHeaders(Headers headers, String resource, RateLimiter.@Nullable BucketState state) {
		if (state != null) {
			headers.set("x-ratelimit-limit-" + resource, Long.toString(state.limit()));
			headers.set("x-ratelimit-remaining-" + resource, Long.toString(state.remaining()));
			headers.set("x-ratelimit-reset-" + resource, RateLimiter.resetFormat(state.reset()));
		}
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

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			// Only stop() interrupts: the server is going away, so the answer does not
			// matter.
			Thread.currentThread().interrupt();
			throw new SimulatorError(503, "upstream_error", "shutting_down", "The simulator is shutting down.");
		}
	}

	private JsonNode readJson(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw SimulatorError.invalidRequest("invalid_json", "We could not parse the JSON body of your request.");
		}
	}

	private void serveFile(HttpExchange exchange, String token) {
		Optional<ServedImage> image = this.urlImages.get(token);
		if (image.isEmpty()) {
			throw new SimulatorError(404, "invalid_request_error", "url_expired",
					"The image URL has expired or does not exist.");
		}
		SimulatorProperties settings = this.settings.current();
		Delivery delivery = this.settings.dice().rollDownload(settings);
		if (delivery == Delivery.ENDLESS) {
			this.ledger.recordEndless();
			send(exchange, 200, "image/png",
					AnswerBody.endless(image.get().head(), BINARY_FILLER, settings.endlessBodyLimit().toBytes()), null);
			return;
		}
		this.ledger.recordDownload();
		send(exchange, 200, "image/png", AnswerBody.of(image.get()), dripInterval(delivery, settings));
	}

	/**
	 * {@code /redirect?to=<percent-encoded URL>}: a 302 to whatever {@code to} says, well
	 * formed or not, so {@code image-url} can send a client through a redirect.
	 */
	private void redirect(HttpExchange exchange) throws IOException {
		String query = exchange.getRequestURI().getRawQuery();
		if (query == null || !query.startsWith("to=")) {
			throw SimulatorError.invalidRequest("missing_location",
					"Say where to redirect to: /redirect?to=<percent-encoded URL>");
		}
		String location;
		try {
			location = URLDecoder.decode(query.substring("to=".length()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw SimulatorError.invalidRequest("invalid_location", "The 'to' parameter is not percent-encoded.");
		}
		this.ledger.recordRedirect();
		exchange.getResponseHeaders().set("Location", location);
		exchange.sendResponseHeaders(302, -1);
	}

	private void sendError(HttpExchange exchange, SimulatorError error) {
		AnswerBody.Builder body = new AnswerBody.Builder();
		String filler = (error.messagePadding() > 0)
				? body.slot(AnswerBody.repeat(MESSAGE_FILLER, error.messagePadding())) : "";
		ErrorAnswer answer = new ErrorAnswer(
				new ErrorAnswer.Fields(error.type(), error.code(), error.getMessage() + filler));
		send(exchange, error.status(), JSON, body.build(this.json.writeValueAsBytes(answer)), null);
	}

	private void sendJson(HttpExchange exchange, int status, byte[] body) {
		send(exchange, status, JSON, AnswerBody.of(body), null);
	}

	private static @Nullable Duration dripInterval(Delivery delivery, SimulatorProperties settings) {
		return (delivery == Delivery.DRIP) ? settings.dripInterval() : null;
	}

	/**
	 * Sends status, headers and body; with a drip interval the body goes out one byte per
	 * interval after the headers. When the client hangs up (or the simulator stops)
	 * writing ends there: closing the exchange then closes the connection.
	 */
	private void send(HttpExchange exchange, int status, String contentType, AnswerBody body,
			@Nullable Duration dripInterval) {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		if (dripInterval != null) {
			this.ledger.recordDrip();
		}
		try {
			long length = body.length();
			// 0 asks for chunked encoding (no declared end), -1 for no body at all.
			exchange.sendResponseHeaders(status, body.endless() ? 0 : ((length == 0) ? -1 : length));
			OutputStream out = exchange.getResponseBody();
			out.flush();
			body.writeTo((dripInterval != null) ? new Dripping(out, dripInterval) : out);
		}
		catch (IOException ex) {
			this.ledger.recordHangUp();
		}
	}

	/** Writes one byte at a time, each after a pause, each flushed onto the wire. */
	private static final class Dripping extends OutputStream {

		private final OutputStream out;

		private final Duration interval;

		Dripping(OutputStream out, Duration interval) {
			this.out = out;
			this.interval = interval;
		}

		@Override
		public void write(int b) throws IOException {
			try {
				Thread.sleep(this.interval);
			}
			catch (InterruptedException ex) {
				// Only stop() interrupts: the server is going away.
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("The simulator is stopping");
			}
			this.out.write(b);
			this.out.flush();
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			for (int i = off; i < off + len; i++) {
				write(b[i]);
			}
		}

	}

	/** Thrown to end a request by closing its connection without any answer. */
	private static final class DroppedConnection extends RuntimeException {

		static final DroppedConnection INSTANCE = new DroppedConnection();

		private DroppedConnection() {
			super("dropped", null, false, false);
		}

	}

}
