package io.imagebatch.run;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.imagebatch.gateway.BatchRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lines of a provider batch's input file: one request per item, its {@code custom_id}
 * the item's id, its body what a synchronous call would send.
 */
final class BatchLines {

	private static final JsonMapper json = JsonMapper.builder().build();

	private BatchLines() {
	}

	/** The item's line, newline included. */
	static byte[] line(long itemId, BatchRequest request) {
		byte[] head = ("{\"custom_id\":\"" + itemId + "\",\"method\":\"POST\",\"url\":"
				+ json.writeValueAsString(request.url()) + ",\"body\":")
			.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream line = new ByteArrayOutputStream(head.length + request.body().length + 2);
		line.writeBytes(head);
		line.writeBytes(request.body());
		line.write('}');
		line.write('\n');
		return line.toByteArray();
	}

	/** The item a line's {@code custom_id} names, if it is one of ours. */
	static long itemId(String customId) {
		try {
			return Long.parseLong(customId);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
