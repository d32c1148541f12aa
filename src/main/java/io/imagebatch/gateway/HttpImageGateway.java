package io.imagebatch.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.imagebatch.catalog.Endpoint;
import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import io.imagebatch.ratelimit.RateLimitHeaders;
import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible gateway over HTTP: {@code POST {base-url}{images-path}} for image
 * models and {@code POST {base-url}{chat-path}} for models that answer with images in a
 * chat message. Only the fields the model accepts are sent; responses are read leniently,
 * because gateways omit {@code created} and other optional fields.
 */
final class HttpImageGateway implements ImageGateway {

	private static final int MAX_ERROR_MESSAGE = 500;

	/**
	 * Error answers are read this far: enough for any real message, and only a few error
	 * answers are read at once. What is stored of them is cut much shorter.
	 */
	private static final int MAX_ERROR_BODY = 8 * 1024 * 1024;

	private final String name;

	private final GatewaySettings settings;

	private final ModelCatalog catalog;

	private final BoundedHttp http;

	private final JsonMapper json;

	private final AnswerParser answers;

	HttpImageGateway(String name, GatewaySettings settings, ModelCatalog catalog, BoundedHttp http, JsonMapper json) {
		this.name = name;
		this.settings = settings;
		this.catalog = catalog;
		this.http = http;
		this.json = json;
		this.answers = new AnswerParser(settings.maxImageSize().toBytes());
	}

	@Override
	public ImageResult generate(ImageRequest request) {
		Optional<Model> model = this.catalog.find(request.model());
		boolean chat = model.map((m) -> m.spec().endpoint() == Endpoint.CHAT).orElse(false);
		RequestBody body = chat ? chatBody(request) : imagesBody(request, model.map(Model::spec).orElse(null));
		try (BoundedHttp.Exchange exchange = send(chat ? this.settings.chatUri() : this.settings.imagesUri(), body)) {
			RateLimitHeaders rateLimits = RateLimitHeaders.from(exchange::header);
			if (exchange.status() / 100 != 2) {
				throw error(exchange, rateLimits);
			}
			try (Spool answer = readAnswer(exchange)) {
				ImageResult result = this.answers.parse(answer, chat, this.name);
				return new ImageResult(result.images(), result.usage(), result.created(), rateLimits);
			}
			catch (GatewayException ex) {
				throw ex.paid() ? ex : ex.asPaid();
			}
		}
	}

	/**
	 * The body of a successful answer. The call was accepted, so any failure from here on
	 * is paid for.
	 */
	private Spool readAnswer(BoundedHttp.Exchange exchange) {
		long max = this.settings.maxResponseSize().toBytes();
		try {
			return exchange.body(max);
		}
		catch (Spool.SpoolFullException ex) {
			// a length announced up front is a real answer we refuse; one that just keeps
			// coming is a gateway gone wrong, which may answer properly next time
			boolean announced = exchange.header("content-length").isPresent();
			throw new GatewayException(announced ? ErrorKind.REJECTED : ErrorKind.TRANSIENT, exchange.status(),
					"response_too_large", "Gateway '" + this.name + "' answered with more than " + max
							+ " bytes (max-response-size)" + (announced ? "" : " and no announced length"));
		}
		catch (BoundedHttp.ExchangeTimeout ex) {
			throw new GatewayException(
					ErrorKind.TRANSIENT, exchange.status(), "timeout", "Gateway '" + this.name
							+ "' did not finish its answer within " + this.settings.timeout().toSeconds() + " s",
					null, ex);
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, exchange.status(), "broken_response",
					"Gateway '" + this.name + "' broke off its answer: " + describe(ex), null, ex);
		}
	}

	private ImagesBody imagesBody(ImageRequest request, @Nullable ModelSpec spec) {
		return new ImagesBody(request.model(), request.prompt(), request.n(),
				accepted(request.size(), spec == null || !spec.sizes().isEmpty() || spec.customSizes()),
				accepted(request.quality(), spec == null || !spec.qualities().isEmpty()),
				accepted(request.style(), spec == null || !spec.styles().isEmpty()),
				accepted(request.background(), spec == null || !spec.backgrounds().isEmpty()),
				accepted(request.moderation(), spec == null || !spec.moderations().isEmpty()),
				accepted(request.outputFormat(), spec == null || !spec.outputFormats().isEmpty()),
				request.responseFormat(), endUser(request, spec == null || spec.acceptsUser()),
				(request.image() != null && (spec == null || spec.acceptsImage())) ? image(request.image()) : null);
	}

	private ChatBody chatBody(ImageRequest request) {
		return new ChatBody(request.model(), List.of(new ChatBody.Message("user", request.prompt())),
				endUser(request, true));
	}

	/**
	 * The end user under the field name this gateway reads it from ({@code user} or
	 * {@code safety_identifier}); nothing when there is none or the model takes none.
	 */
	private Map<String, String> endUser(ImageRequest request, boolean accepted) {
		String user = accepted(request.user(), accepted);
		return (user != null) ? Map.of(this.settings.userField(), user) : Map.of();
	}

	/** One image as a string, several as the JSON array the column holds. */
	private JsonNode image(String image) {
		if (image.startsWith("[")) {
			try {
				return this.json.readTree(image);
			}
			catch (JacksonException ex) {
				// not an array after all: send it as it is
			}
		}
		return this.json.getNodeFactory().stringNode(image);
	}

	private static @Nullable String accepted(@Nullable String value, boolean accepted) {
		return accepted ? value : null;
	}

	private BoundedHttp.Exchange send(URI uri, RequestBody body) {
		HttpPost request = new HttpPost(uri);
		request.setHeader("Accept", "application/json");
		request.setEntity(new ByteArrayEntity(this.json.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
		ApiKey key = this.settings.apiKey();
		if (key != null) {
			request.setHeader("Authorization", "Bearer " + key.reveal());
		}
		try {
			return this.http.send(request, this.settings.timeout());
		}
		catch (BoundedHttp.ExchangeTimeout ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "timeout",
					"Gateway '" + this.name + "' did not answer within " + this.settings.timeout().toSeconds() + " s",
					null, ex);
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "no_response",
					"No answer from gateway '" + this.name + "': " + describe(ex), null, ex);
		}
	}

	private GatewayException error(BoundedHttp.Exchange exchange, RateLimitHeaders rateLimits) {
		String body = exchange.text(MAX_ERROR_BODY);
		Map<String, String> fields = errorFields(body);
		String code = (fields.get("code") != null) ? fields.get("code") : fields.get("type");
		String message = fields.get("message");
		int status = exchange.status();
		if (message == null) {
			message = "HTTP " + status + (body.isBlank() ? "" : ": " + excerpt(body));
		}
		return new GatewayException(GatewayErrors.classify(status, code), status, code, message,
				retryAfter(exchange::header), rateLimits, null);
	}

	/**
	 * {@code error.code}, {@code .type} and {@code .message}, read as a stream so that
	 * whatever came before a break (a body cut at the read limit, or not JSON after all)
	 * is kept.
	 */
	private Map<String, String> errorFields(String body) {
		Map<String, String> fields = new HashMap<>();
		try (JsonParser parser = this.json.createParser(body)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				String path = parser.streamReadContext().pathAsPointer().toString();
				if (token == JsonToken.VALUE_STRING && path.startsWith("/error/")) {
					fields.putIfAbsent(path.substring("/error/".length()), parser.getString());
				}
			}
		}
		catch (JacksonException ex) {
			// not JSON, or cut short: what was read is the best there is
		}
		return fields;
	}

	/**
	 * {@code retry-after-ms} (milliseconds) wins over {@code Retry-After} (seconds or a
	 * date).
	 */
	static @Nullable Duration retryAfter(Function<String, Optional<String>> headers) {
		Optional<String> millis = headers.apply("retry-after-ms");
		if (millis.isPresent()) {
			try {
				return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim())));
			}
			catch (NumberFormatException ex) {
				// fall through to Retry-After
			}
		}
		Optional<String> value = headers.apply("retry-after");
		if (value.isEmpty()) {
			return null;
		}
		try {
			return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.get().trim()) * 1000)));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparseable) {
				return null;
			}
		}
	}

	private static String excerpt(String body) {
		String text = body.strip();
		return (text.length() > MAX_ERROR_MESSAGE) ? text.substring(0, MAX_ERROR_MESSAGE) + "…" : text;
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
	}

	/** What is sent, written with the property names the gateway documents show. */
	private sealed interface RequestBody permits ImagesBody, ChatBody {

	}

	/**
	 * The body of {@code POST /images/generations}. Fields the model does not take are
	 * {@code null} and left out; the end user goes under the gateway's own field name.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	private record ImagesBody(String model, String prompt, int n, @Nullable String size, @Nullable String quality,
			@Nullable String style, @Nullable String background, @Nullable String moderation,
			@Nullable String outputFormat, @Nullable String responseFormat, @JsonAnyGetter Map<String, String> endUser,
			@Nullable JsonNode image) implements RequestBody {
	}

	/** The body of {@code POST /chat/completions}: the prompt as the one user message. */
	private record ChatBody(String model, List<Message> messages,
			@JsonAnyGetter Map<String, String> endUser) implements RequestBody {

		private record Message(String role, String content) {
		}

	}

}
