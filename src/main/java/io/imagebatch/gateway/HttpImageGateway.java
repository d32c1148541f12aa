package io.imagebatch.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.imagebatch.ratelimit.RateLimitHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible gateway over HTTP: {@code POST {base-url}{images-path}} for image
 * models and {@code POST {base-url}{chat-path}} for models that answer with images in a
 * chat message. Only the fields the model accepts are sent; responses are read leniently,
 * because gateways omit {@code created} and other optional fields.
 */
final class HttpImageGateway implements ImageGateway {

	private static final int MAX_ERROR_MESSAGE = 500;

	private final String name;

	private final GatewaySettings settings;

	private final ModelCatalog catalog;

	private final HttpClient http;

	private final JsonMapper json;

	HttpImageGateway(String name, GatewaySettings settings, ModelCatalog catalog, HttpClient http, JsonMapper json) {
		this.name = name;
		this.settings = settings;
		this.catalog = catalog;
		this.http = http;
		this.json = json;
	}

	@Override
	public ImageResult generate(ImageRequest request) {
		Optional<Model> model = this.catalog.find(request.model());
		boolean chat = model.map((m) -> m.spec().endpoint() == Endpoint.CHAT).orElse(false);
		ObjectNode body = chat ? chatBody(request) : imagesBody(request, model.map(Model::spec).orElse(null));
		HttpResponse<byte[]> response = send(chat ? this.settings.chatUri() : this.settings.imagesUri(), body);
		if (response.statusCode() / 100 != 2) {
			throw error(response);
		}
		JsonNode root = parse(response);
		ImageResult result = chat ? readChat(root) : readImages(root);
		return new ImageResult(result.images(), result.usage(), result.created(), rateLimits(response));
	}

	private ObjectNode imagesBody(ImageRequest request, @Nullable ModelSpec spec) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		body.put("prompt", request.prompt());
		body.put("n", request.n());
		putIf(body, "size", request.size(), spec == null || !spec.sizes().isEmpty() || spec.customSizes());
		putIf(body, "quality", request.quality(), spec == null || !spec.qualities().isEmpty());
		putIf(body, "style", request.style(), spec == null || !spec.styles().isEmpty());
		putIf(body, "background", request.background(), spec == null || !spec.backgrounds().isEmpty());
		putIf(body, "moderation", request.moderation(), spec == null || !spec.moderations().isEmpty());
		putIf(body, "output_format", request.outputFormat(), spec == null || !spec.outputFormats().isEmpty());
		putIf(body, "response_format", request.responseFormat(), true);
		putIf(body, this.settings.userField(), request.user(), spec == null || spec.acceptsUser());
		if (request.image() != null && (spec == null || spec.acceptsImage())) {
			putImage(body, request.image());
		}
		return body;
	}

	private ObjectNode chatBody(ImageRequest request) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		ObjectNode message = body.putArray("messages").addObject();
		message.put("role", "user");
		message.put("content", request.prompt());
		putIf(body, this.settings.userField(), request.user(), true);
		return body;
	}

	/** One image as a string, several as the JSON array the column holds. */
	private void putImage(ObjectNode body, String image) {
		if (image.startsWith("[")) {
			try {
				body.set("image", this.json.readTree(image));
				return;
			}
			catch (JacksonException ex) {
				// not an array after all: send it as it is
			}
		}
		body.put("image", image);
	}

	private static void putIf(ObjectNode body, String field, @Nullable String value, boolean accepted) {
		if (value != null && accepted) {
			body.put(field, value);
		}
	}

	private HttpResponse<byte[]> send(URI uri, ObjectNode body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.settings.timeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)));
		ApiKey key = this.settings.apiKey();
		if (key != null) {
			request.header("Authorization", "Bearer " + key.reveal());
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "no_response",
					"No answer from gateway '" + this.name + "': " + describe(ex), null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "interrupted",
					"Call to gateway '" + this.name + "' was interrupted", null, ex);
		}
	}

	private JsonNode parse(HttpResponse<byte[]> response) {
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, response.statusCode(), "invalid_response",
					"Gateway '" + this.name + "' answered " + response.statusCode() + " with a body that is not JSON: "
							+ excerpt(response.body()),
					null, ex);
		}
	}

	private ImageResult readImages(JsonNode root) {
		List<GeneratedImage> images = new ArrayList<>();
		for (JsonNode entry : root.path("data").values()) {
			String revised = text(entry, "revised_prompt");
			String b64 = text(entry, "b64_json");
			String url = text(entry, "url");
			if (b64 != null) {
				images.add(new GeneratedImage.Inline(decodeBase64(b64), revised));
			}
			else if (url != null) {
				images.add(url.startsWith("data:") ? new GeneratedImage.Inline(decodeDataUrl(url), revised)
						: new GeneratedImage.Remote(URI.create(url), revised));
			}
		}
		requireImages(images);
		JsonNode usage = root.path("usage");
		Usage parsedUsage = null;
		if (usage.isObject()) {
			JsonNode details = usage.path("input_tokens_details");
			long input = usage.path("input_tokens").asLong(0);
			long textIn = details.isObject() ? details.path("text_tokens").asLong(0) : input;
			long imageIn = details.isObject() ? details.path("image_tokens").asLong(0) : 0;
			parsedUsage = new Usage(textIn, imageIn, usage.path("output_tokens").asLong(0), 0);
		}
		return new ImageResult(images, parsedUsage, created(root));
	}

	private ImageResult readChat(JsonNode root) {
		List<GeneratedImage> images = new ArrayList<>();
		for (JsonNode choice : root.path("choices").values()) {
			for (JsonNode image : choice.path("message").path("images").values()) {
				String url = text(image.path("image_url"), "url");
				if (url != null) {
					images.add(url.startsWith("data:") ? new GeneratedImage.Inline(decodeDataUrl(url), null)
							: new GeneratedImage.Remote(URI.create(url), null));
				}
			}
		}
		requireImages(images);
		JsonNode usage = root.path("usage");
		Usage parsedUsage = null;
		if (usage.isObject()) {
			long imageTokens = usage.path("completion_tokens_details").path("image_tokens").asLong(0);
			long completion = usage.path("completion_tokens").asLong(0);
			parsedUsage = new Usage(usage.path("prompt_tokens").asLong(0), 0, imageTokens,
					Math.max(0, completion - imageTokens));
		}
		return new ImageResult(images, parsedUsage, created(root));
	}

	private void requireImages(List<GeneratedImage> images) {
		if (images.isEmpty()) {
			throw new GatewayException(ErrorKind.TRANSIENT, 200, "no_images",
					"Gateway '" + this.name + "' answered without any image");
		}
	}

	private static @Nullable Long created(JsonNode root) {
		JsonNode created = root.path("created");
		return created.isNumber() ? created.asLong() : null;
	}

	private GatewayException error(HttpResponse<byte[]> response) {
		String code = null;
		String message = null;
		try {
			JsonNode error = this.json.readTree(response.body()).path("error");
			code = (text(error, "code") != null) ? text(error, "code") : text(error, "type");
			message = text(error, "message");
		}
		catch (JacksonException ex) {
			// not the structured shape: the body itself is the best message we have
		}
		int status = response.statusCode();
		if (message == null) {
			message = "HTTP " + status + (response.body().length > 0 ? ": " + excerpt(response.body()) : "");
		}
		return new GatewayException(GatewayErrors.classify(status, code), status, code, message,
				retryAfter(response.headers()), rateLimits(response), null);
	}

	private static RateLimitHeaders rateLimits(HttpResponse<byte[]> response) {
		return RateLimitHeaders.from(response.headers()::firstValue);
	}

	/**
	 * {@code retry-after-ms} (milliseconds) wins over {@code Retry-After} (seconds or a
	 * date).
	 */
	static @Nullable Duration retryAfter(HttpHeaders headers) {
		Optional<String> millis = headers.firstValue("retry-after-ms");
		if (millis.isPresent()) {
			try {
				return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim())));
			}
			catch (NumberFormatException ex) {
				// fall through to Retry-After
			}
		}
		Optional<String> value = headers.firstValue("retry-after");
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

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	private byte[] decodeBase64(String b64) {
		try {
			return Base64.getMimeDecoder().decode(b64);
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_image",
					"Gateway '" + this.name + "' sent b64_json that is not base64", null, ex);
		}
	}

	private byte[] decodeDataUrl(String url) {
		int comma = url.indexOf(',');
		if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
			throw new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_image",
					"Gateway '" + this.name + "' sent a data URL that is not base64");
		}
		return decodeBase64(url.substring(comma + 1));
	}

	private static String excerpt(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8).strip();
		return (text.length() > MAX_ERROR_MESSAGE) ? text.substring(0, MAX_ERROR_MESSAGE) + "…" : text;
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
	}

}
