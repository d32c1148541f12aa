package io.imagebatch.simulator;

import java.util.List;

import io.imagebatch.catalog.Endpoint;
import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import io.imagebatch.catalog.Parameter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates a generation request body the way the gateway documents describe,
 * asking the {@link ModelCatalog}'s {@link Model} what each model accepts: the rules the
 * input validator asks too, so a row it lets through is a request accepted here. The
 * first problem found is reported, in the order a gateway checks: body, model, prompt,
 * then each parameter.
 */
final class GenerationRequestParser {

	/** The model of the AIGNE-style {@code /api} route when the body names none. */
	static final String DEFAULT_MODEL = "dall-e-2";

	private static final String DEFAULT_SIZE = "1024x1024";

	private final JsonMapper json;

	private final ModelCatalog catalog;

	GenerationRequestParser(JsonMapper json, ModelCatalog catalog) {
		this.json = json;
		this.catalog = catalog;
	}

	/**
	 * @param body the request body
	 * @param apiRoute whether the body came to the AIGNE-style {@code /api} route, where
	 * a missing {@code model} means {@value #DEFAULT_MODEL} and an {@code image} field is
	 * ignored rather than checked against the model
	 * @return the validated request
	 * @throws SimulatorError the first problem found
	 */
	GenerationRequest parse(byte[] body, boolean apiRoute) {
		JsonNode root = readObject(body);
		String requestedModel = requestedModel(root, apiRoute);
		Model model = this.catalog.find(requestedModel)
			.orElseThrow(() -> SimulatorError.invalidRequest("model_not_found",
					"The model '" + requestedModel + "' does not exist or you do not have access to it."));
		ModelSpec spec = model.spec();
		if (spec.endpoint() != Endpoint.IMAGES) {
			throw SimulatorError.invalidRequest("unsupported_model", "The model '" + requestedModel
					+ "' generates images through chat completions and is not supported on this endpoint.");
		}
		String prompt = prompt(root, model);
		int n = n(root, model);
		String size = size(root, model);
		String quality = option(root, Parameter.QUALITY, spec.defaultQuality(), model);
		option(root, Parameter.STYLE, null, model);
		String background = option(root, Parameter.BACKGROUND, null, model);
		option(root, Parameter.MODERATION, null, model);
		String outputFormat = option(root, Parameter.OUTPUT_FORMAT, null, model);
		String responseFormat = option(root, Parameter.RESPONSE_FORMAT, null, model);
		if (!Model.backgroundFitsFormat(background, outputFormat)) {
			throw SimulatorError.invalidRequest("invalid_background",
					"Transparent background requires output_format png or webp.");
		}
		if (!apiRoute) {
			image(root, model);
		}
		return new GenerationRequest(requestedModel, model, prompt, n, size, quality, background,
				(responseFormat != null) ? responseFormat : model.defaultResponseFormat());
	}

	/**
	 * A chat completion that asks an image model for a picture: the prompt is the text of
	 * the last user message (a string, or the {@code text} parts of an array). Chat image
	 * models make one square image per call.
	 * @param body the request body
	 * @return the validated request, answered as a data URL
	 * @throws SimulatorError the first problem found
	 */
	GenerationRequest parseChat(byte[] body) {
		JsonNode root = readObject(body);
		String requestedModel = requestedModel(root, false);
		Model model = this.catalog.find(requestedModel)
			.orElseThrow(() -> SimulatorError.invalidRequest("model_not_found",
					"The model '" + requestedModel + "' does not exist or you do not have access to it."));
		if (model.spec().endpoint() != Endpoint.CHAT) {
			throw SimulatorError.invalidRequest("unsupported_model", "The model '" + requestedModel
					+ "' does not generate images through chat completions; use /v1/images/generations.");
		}
		String prompt = chatPrompt(root);
		if (!model.acceptsPrompt(prompt)) {
			throw SimulatorError.invalidRequest("string_above_max_length",
					"Invalid 'messages': the prompt is " + Model.promptLength(prompt) + " characters, more than the "
							+ model.spec().maxPromptLength() + " " + model.id() + " accepts.");
		}
		return new GenerationRequest(requestedModel, model, prompt, 1, DEFAULT_SIZE, null, null,
				GenerationRequest.DATA_URL);
	}

	private static String chatPrompt(JsonNode root) {
		JsonNode messages = root.get("messages");
		if (messages == null || !messages.isArray() || messages.isEmpty()) {
			throw SimulatorError.invalidRequest("missing_messages",
					"Missing required parameter: 'messages' (a non-empty array).");
		}
		JsonNode lastUser = null;
		for (JsonNode message : messages) {
			if (!message.isObject()) {
				throw SimulatorError.invalidRequest("invalid_messages", "Invalid 'messages': expected objects.");
			}
			JsonNode role = message.get("role");
			if (role != null && role.isString() && role.stringValue().equals("user")) {
				lastUser = message;
			}
		}
		if (lastUser == null) {
			throw SimulatorError.invalidRequest("missing_prompt", "Invalid 'messages': no message has role 'user'.");
		}
		String prompt = text(lastUser.get("content"));
		if (prompt.isBlank()) {
			throw SimulatorError.invalidRequest("missing_prompt", "The last user message has no text content.");
		}
		return prompt;
	}

	private static String text(@Nullable JsonNode content) {
		if (content == null || content.isNull()) {
			return "";
		}
		if (content.isString()) {
			return content.stringValue();
		}
		if (!content.isArray()) {
			throw SimulatorError.invalidRequest("invalid_content",
					"Invalid 'content': expected a string or an array of parts.");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			JsonNode type = part.get("type");
			JsonNode partText = part.get("text");
			if (type != null && "text".equals(type.asString()) && partText != null && partText.isString()) {
				text.append(text.isEmpty() ? "" : "\n").append(partText.stringValue());
			}
		}
		return text.toString();
	}

	private JsonNode readObject(byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalidJson();
		}
		if (root == null || !root.isObject()) {
			throw invalidJson();
		}
		return root;
	}

	private static SimulatorError invalidJson() {
		return SimulatorError.invalidRequest("invalid_json",
				"We could not parse the JSON body of your request. The body must be a JSON object.");
	}

	private static String requestedModel(JsonNode root, boolean modelOptional) {
		JsonNode node = root.get("model");
		if (node == null || node.isNull()) {
			if (modelOptional) {
				return DEFAULT_MODEL;
			}
			throw SimulatorError.invalidRequest("missing_model", "Missing required parameter: 'model'.");
		}
		if (!node.isString() || node.stringValue().isBlank()) {
			throw SimulatorError.invalidRequest("invalid_model", "Invalid 'model': expected a model id string.");
		}
		return node.stringValue();
	}

	private static String prompt(JsonNode root, Model model) {
		JsonNode node = root.get("prompt");
		if (node == null || node.isNull() || (node.isString() && node.stringValue().isBlank())) {
			throw SimulatorError.invalidRequest("missing_prompt", "Missing required parameter: 'prompt'.");
		}
		if (!node.isString()) {
			throw SimulatorError.invalidRequest("invalid_prompt", "Invalid 'prompt': expected a string.");
		}
		String prompt = node.stringValue();
		if (!model.acceptsPrompt(prompt)) {
			throw SimulatorError.invalidRequest("string_above_max_length",
					"Invalid 'prompt': string too long. Expected a string with maximum length "
							+ model.spec().maxPromptLength() + ", but got a string with length "
							+ Model.promptLength(prompt) + " instead.");
		}
		return prompt;
	}

	private static int n(JsonNode root, Model model) {
		JsonNode node = root.get("n");
		if (node == null || node.isNull()) {
			return 1;
		}
		int maxN = model.spec().maxN();
		boolean inRange = node.isIntegralNumber() && node.canConvertToInt() && model.acceptsN(node.intValue());
		if (!inRange) {
			String rule = (maxN == 1) ? "n must be 1" : "n must be an integer between 1 and " + maxN;
			throw SimulatorError.invalidRequest("invalid_n", rule + " for " + model.id());
		}
		return node.intValue();
	}

	private static String size(JsonNode root, Model model) {
		ModelSpec spec = model.spec();
		JsonNode node = root.get("size");
		if (node == null || node.isNull()) {
			return (spec.defaultSize() != null) ? spec.defaultSize() : DEFAULT_SIZE;
		}
		if (node.isString()) {
			String size = node.stringValue();
			if (model.acceptsSize(size)) {
				return size;
			}
		}
		String offered = oneOf(spec.sizes());
		if (spec.customSizes()) {
			offered += (spec.sizes().isEmpty() ? "" : ", or ") + "WIDTHxHEIGHT with sides up to "
					+ spec.maxCustomSide();
		}
		throw SimulatorError.invalidRequest("invalid_size", "Invalid size for " + model.id() + ": must be " + offered);
	}

	/**
	 * An optional string parameter that must be one of the values the model offers. A
	 * model that offers none refuses the parameter outright, as dall-e-2 does with
	 * {@code style}: silently dropping it would hide a client bug.
	 */
	private static @Nullable String option(JsonNode root, Parameter parameter, @Nullable String fallback, Model model) {
		String field = parameter.field();
		JsonNode node = root.get(field);
		if (node == null || node.isNull()) {
			return fallback;
		}
		if (node.isString() && model.accepts(parameter, node.stringValue())) {
			return node.stringValue();
		}
		String message = !model.takes(parameter) ? "'" + field + "' is not supported by " + model.id()
				: "Invalid " + field + " for " + model.id() + ": must be " + oneOf(model.offered(parameter));
		throw SimulatorError.invalidRequest("invalid_" + field, message);
	}

	/**
	 * An input image to edit, refused by a model that takes none: silently generating
	 * without it would hide that the row asked for an edit.
	 */
	private static void image(JsonNode root, Model model) {
		JsonNode node = root.get("image");
		if (node != null && !node.isNull() && !model.acceptsImage()) {
			throw SimulatorError.invalidRequest("invalid_image",
					"'image' (editing an input image) is not supported by " + model.id());
		}
	}

	/** {@code a}, {@code a or b}, {@code a, b, or c}: the documents' wording. */
	static String oneOf(List<String> values) {
		return switch (values.size()) {
			case 0 -> "";
			case 1 -> values.get(0);
			case 2 -> values.get(0) + " or " + values.get(1);
			default -> String.join(", ", values.subList(0, values.size() - 1)) + ", or " + values.getLast();
		};
	}

}
