package io.imagebatch.gateway;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.ratelimit.RateLimitHeaders;
import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible gateway over HTTP: {@code POST {base-url}{images-path}} for image
 * models and {@code POST {base-url}{chat-path}} for models that answer with images in a
 * chat message. Only the fields the model accepts are sent; responses are read leniently,
 * because gateways omit {@code created} and other optional fields.
 */
final class HttpImageGateway implements ImageGateway {

	private final String name;

	private final GatewaySettings settings;

	private final BoundedHttp http;

	private final JsonMapper json;

	private final AnswerParser answers;

	private final RequestBodies bodies;

	HttpImageGateway(String name, GatewaySettings settings, ModelCatalog catalog, BoundedHttp http, JsonMapper json) {
		this.name = name;
		this.settings = settings;
		this.http = http;
		this.json = json;
		this.bodies = new RequestBodies(settings, catalog, json);
		this.answers = new AnswerParser(settings.maxImageSize().toBytes());
	}

	@Override
	public ImageResult generate(ImageRequest request) {
		RequestBodies.Call call = this.bodies.call(request);
		try (BoundedHttp.Exchange exchange = send(call)) {
			RateLimitHeaders rateLimits = RateLimitHeaders.from(exchange::header);
			if (exchange.status() / 100 != 2) {
				throw ErrorAnswers.read(exchange, rateLimits, this.json);
			}
			try (Spool answer = readAnswer(exchange)) {
				ImageResult result = this.answers.parse(answer, call.chat(), this.name);
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
					"Gateway '" + this.name + "' broke off its answer: " + ErrorAnswers.describe(ex), null, ex);
		}
	}

	private BoundedHttp.Exchange send(RequestBodies.Call call) {
		HttpPost request = new HttpPost(call.uri());
		request.setHeader("Accept", "application/json");
		request.setEntity(new ByteArrayEntity(call.body(), ContentType.APPLICATION_JSON));
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
					"No answer from gateway '" + this.name + "': " + ErrorAnswers.describe(ex), null, ex);
		}
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

}
