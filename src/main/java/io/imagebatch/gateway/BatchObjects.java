package io.imagebatch.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the file and batch objects of a provider's Batch API. They are untrusted text
 * that ends up in storage, logs and URLs, so every field is bounded on the way in: ids
 * are short printable ASCII, a status is lower-case letters and underscores, messages are
 * cut short and free of control characters. An object without the fields that identify it
 * is a {@link GatewayException} ({@link ErrorKind#TRANSIENT}, the gateway may answer
 * properly next time).
 */
final class BatchObjects {

	/** Longer ids are not ids a provider means. */
	static final int MAX_ID_LENGTH = 200;

	/** Longer than any status the Batch API has. */
	static final int MAX_STATUS_LENGTH = 40;

	static final int MAX_FILENAME_LENGTH = 255;

	static final int MAX_CODE_LENGTH = 100;

	static final int MAX_MESSAGE_LENGTH = 1000;

	/**
	 * A batch refused for its input file lists one error per bad line; a few tell why.
	 */
	static final int MAX_ERRORS = 100;

	/** The most metadata a batch takes (OpenAI's limit). */
	static final int MAX_METADATA = 16;

	static final int MAX_METADATA_KEY_LENGTH = 64;

	static final int MAX_METADATA_VALUE_LENGTH = 512;

	private BatchObjects() {
	}

	/** A file object. */
	static ProviderFile file(JsonNode node, String gateway) {
		String id = id(node.path("id"), "id", gateway, "malformed_file");
		if (id == null) {
			throw malformed("malformed_file", "Gateway '" + gateway + "' answered with a file object without an id");
		}
		return new ProviderFile(id, text(node.path("filename"), MAX_FILENAME_LENGTH),
				Math.max(0, node.path("bytes").asLong(0)));
	}

	/** A batch object. */
	static ProviderBatch batch(JsonNode node, String gateway) {
		String id = id(node.path("id"), "id", gateway, "malformed_batch");
		String status = status(node.path("status"));
		if (id == null || status == null) {
			throw malformed("malformed_batch",
					"Gateway '" + gateway + "' answered with a batch object without an id or a status");
		}
		JsonNode counts = node.path("request_counts");
		return new ProviderBatch(id, status, id(node.path("endpoint"), "endpoint", gateway, "malformed_batch"),
				id(node.path("input_file_id"), "input_file_id", gateway, "malformed_batch"),
				id(node.path("output_file_id"), "output_file_id", gateway, "malformed_batch"),
				id(node.path("error_file_id"), "error_file_id", gateway, "malformed_batch"),
				new BatchCounts(count(counts.path("total")), count(counts.path("completed")),
						count(counts.path("failed"))),
				errors(node.path("errors").path("data")), metadata(node.path("metadata")));
	}

	/**
	 * An id: absent or {@code null} is {@code null}; anything else must be printable
	 * ASCII of at most {@value #MAX_ID_LENGTH} characters.
	 */
	private static @Nullable String id(JsonNode node, String field, String gateway, String code) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		String value = node.isString() ? node.stringValue() : null;
		if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH || !printableAscii(value)) {
			throw malformed(code, "Gateway '" + gateway + "' answered with a " + field
					+ " that is not printable ASCII of at most " + MAX_ID_LENGTH + " characters");
		}
		return value;
	}

	private static boolean printableAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

	/** Lower-case letters and underscores of the status, nothing else; none is none. */
	private static @Nullable String status(JsonNode node) {
		if (!node.isString()) {
			return null;
		}
		String value = node.stringValue();
		StringBuilder status = new StringBuilder();
		for (int i = 0; i < value.length() && i < MAX_STATUS_LENGTH; i++) {
			char c = value.charAt(i);
			if ((c >= 'a' && c <= 'z') || c == '_') {
				status.append(c);
			}
		}
		return status.isEmpty() ? null : status.toString();
	}

	/** Text cut at {@code max} characters, control characters made spaces. */
	static @Nullable String text(JsonNode node, int max) {
		if (!node.isString()) {
			return null;
		}
		String value = node.stringValue();
		String cut = (value.length() > max) ? value.substring(0, max) : value;
		StringBuilder text = new StringBuilder(cut.length());
		for (int i = 0; i < cut.length(); i++) {
			char c = cut.charAt(i);
			text.append(Character.isISOControl(c) ? ' ' : c);
		}
		return text.toString();
	}

	private static int count(JsonNode node) {
		return node.canConvertToInt() ? Math.max(0, node.asInt(0)) : 0;
	}

	private static List<BatchError> errors(JsonNode data) {
		List<BatchError> errors = new ArrayList<>();
		for (JsonNode error : data) {
			if (errors.size() == MAX_ERRORS) {
				break;
			}
			JsonNode line = error.path("line");
			errors.add(new BatchError(text(error.path("code"), MAX_CODE_LENGTH),
					text(error.path("message"), MAX_MESSAGE_LENGTH),
					(line.isIntegralNumber() && line.canConvertToLong()) ? line.asLong() : null));
		}
		return errors;
	}

	private static Map<String, String> metadata(JsonNode node) {
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (metadata.size() == MAX_METADATA) {
				break;
			}
			String value = text(entry.getValue(), MAX_METADATA_VALUE_LENGTH);
			if (value != null && entry.getKey().length() <= MAX_METADATA_KEY_LENGTH && printableAscii(entry.getKey())) {
				metadata.put(entry.getKey(), value);
			}
		}
		return metadata;
	}

	private static GatewayException malformed(String code, String message) {
		return new GatewayException(ErrorKind.TRANSIENT, 200, code, message);
	}

}
