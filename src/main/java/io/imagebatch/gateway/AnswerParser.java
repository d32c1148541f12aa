package io.imagebatch.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.system.Spool;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a successful answer of the images or chat endpoint as a stream, so that its size
 * costs no memory: {@code b64_json} images are decoded straight into capped
 * {@link Spool}s as the parser meets them, everything the product does not use is skipped
 * unread, and the short fields it keeps (URLs, revised prompts) are limited in length.
 */
final class AnswerParser {

	/** Longer URLs are not URLs a gateway means; they fail the item. */
	static final int MAX_URL_LENGTH = 8 * 1024;

	/** A revised prompt longer than any model's prompt is cut here. */
	static final int MAX_REVISED_PROMPT_LENGTH = 32_000;

	private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
		.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

	private final JsonMapper json;

	private final long maxImageBytes;

	/**
	 * @param maxImageBytes the cap on one image, inline or in a data URL
	 */
	AnswerParser(long maxImageBytes) {
		this.maxImageBytes = maxImageBytes;
		// strings are kept only where the product needs them; a data URL is the longest
		int maxString = (int) Math.min(Integer.MAX_VALUE - 1024, this.maxImageBytes * 4 / 3 + 1024);
		this.json = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxString).build())
				.build())
			.build();
	}

	/**
	 * The images, usage and timestamp of an answer. Inline images are spooled: close the
	 * result when done with them.
	 * @throws GatewayException when the answer is not the JSON of a successful call, or
	 * an image is over the cap
	 */
	ImageResult parse(Spool body, boolean chat, String gateway) {
		Answer answer = new Answer();
		try (InputStream in = body.open(); JsonParser parser = this.json.createParser(in)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_response",
						"Gateway '" + gateway + "' answered with a body that is not a JSON object");
			}
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				read(parser, token, chat, answer);
			}
		}
		catch (JacksonException | IOException | IllegalArgumentException ex) {
			answer.close();
			if (causedByFullSpool(ex)) {
				throw new GatewayException(ErrorKind.REJECTED, 200, "image_too_large", "Gateway '" + gateway
						+ "' sent an image larger than the " + this.maxImageBytes + "-byte cap (max-image-size)");
			}
			throw new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_response",
					"Gateway '" + gateway + "' answered with a body that is not the JSON of an image answer ("
							+ ex.getClass().getSimpleName() + ")",
					null, ex);
		}
		catch (RuntimeException ex) {
			answer.close();
			throw ex;
		}
		List<GeneratedImage> images = answer.images();
		if (images.isEmpty()) {
			throw new GatewayException(ErrorKind.TRANSIENT, 200, "no_images",
					"Gateway '" + gateway + "' answered without any image");
		}
		return new ImageResult(images, answer.usage(chat), answer.created);
	}

	/**
	 * The parser wraps what the image's spool threw; a string over the limit is a large
	 * image too.
	 */
	private static boolean causedByFullSpool(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof Spool.SpoolFullException || cause instanceof StreamConstraintsException) {
				return true;
			}
		}
		return false;
	}

	/** One token, by where it stands in the answer (its JSON Pointer). */
	private void read(JsonParser parser, JsonToken token, boolean chat, Answer answer) throws IOException {
		String path = parser.streamReadContext().pathAsPointer().toString();
		if (token == JsonToken.START_OBJECT && path.equals("/usage")) {
			answer.usage = parser.readValueAsTree();
		}
		else if (token.isNumeric() && path.equals("/created")) {
			answer.created = parser.getValueAsLong();
		}
		else if (token == JsonToken.VALUE_STRING) {
			readString(parser, path, chat, answer);
		}
	}

	private void readString(JsonParser parser, String path, boolean chat, Answer answer) throws IOException {
		if (!chat && path.matches("/data/\\d+/b64_json")) {
			Spool image = Spool.create(this.maxImageBytes);
			answer.add(path, new GeneratedImage.Inline(image, null));
			parser.readBinaryValue(BASE64, image.asOutputStream());
		}
		else if (!chat && path.matches("/data/\\d+/url")) {
			answer.add(path, url(parser.getString()));
		}
		else if (!chat && path.matches("/data/\\d+/revised_prompt")) {
			answer.revise(path, parser.getString());
		}
		else if (chat && path.matches("/choices/\\d+/message/images/\\d+/image_url/url")) {
			answer.add(path, url(parser.getString()));
		}
	}

	/** A URL from an answer: a data URL is decoded at once, any other kept as text. */
	private GeneratedImage url(String url) throws IOException {
		if (url.startsWith("data:")) {
			int comma = url.indexOf(',');
			if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
				throw new IllegalArgumentException("data URL that is not base64");
			}
			Spool image = Spool.create(this.maxImageBytes);
			try {
				byte[] bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
				image.write(bytes, 0, bytes.length);
			}
			catch (IOException | RuntimeException ex) {
				image.close();
				throw ex;
			}
			return new GeneratedImage.Inline(image, null);
		}
		return new GeneratedImage.Remote((url.length() <= MAX_URL_LENGTH) ? url : "", null);
	}

	/**
	 * What has been read so far: the images by the path of their entry ({@code /data/0}),
	 * and the revised prompts, which may come before or after them.
	 */
	private static final class Answer {

		private final Map<String, GeneratedImage> images = new LinkedHashMap<>();

		private final Map<String, String> revisedPrompts = new HashMap<>();

		private @Nullable JsonNode usage;

		private @Nullable Long created;

		void add(String path, GeneratedImage image) {
			GeneratedImage first = this.images.putIfAbsent(entry(path), image);
			if (first != null) {
				// b64_json and url in one entry: the first one read is kept
				image.close();
			}
		}

		void revise(String path, String revised) {
			this.revisedPrompts.put(entry(path), (revised.length() > MAX_REVISED_PROMPT_LENGTH)
					? revised.substring(0, MAX_REVISED_PROMPT_LENGTH) : revised);
		}

		private static String entry(String path) {
			return path.substring(0, path.lastIndexOf('/'));
		}

		List<GeneratedImage> images() {
			List<GeneratedImage> images = new ArrayList<>();
			this.images.forEach((entry, image) -> {
				String revised = this.revisedPrompts.get(entry);
				images.add((revised != null) ? image.withRevisedPrompt(revised) : image);
			});
			return images;
		}

		@Nullable Usage usage(boolean chat) {
			if (this.usage == null || !this.usage.isObject()) {
				return null;
			}
			if (chat) {
				long imageTokens = this.usage.path("completion_tokens_details").path("image_tokens").asLong(0);
				long completion = this.usage.path("completion_tokens").asLong(0);
				return new Usage(this.usage.path("prompt_tokens").asLong(0), 0, imageTokens,
						Math.max(0, completion - imageTokens));
			}
			JsonNode details = this.usage.path("input_tokens_details");
			long input = this.usage.path("input_tokens").asLong(0);
			long textIn = details.isObject() ? details.path("text_tokens").asLong(0) : input;
			long imageIn = details.isObject() ? details.path("image_tokens").asLong(0) : 0;
			return new Usage(textIn, imageIn, this.usage.path("output_tokens").asLong(0), 0);
		}

		void close() {
			this.images.values().forEach(GeneratedImage::close);
		}

	}

}
