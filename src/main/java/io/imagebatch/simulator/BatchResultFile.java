package io.imagebatch.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/**
 * The output or error file of a batch, written to disk one line at a time as the lines
 * are answered; an answer's body (a base64 image, say) streams through, never held.
 */
final class BatchResultFile implements AutoCloseable {

	private final Path path;

	private final JsonMapper json;

	private final OutputStream out;

	private long lines;

	BatchResultFile(Path path, JsonMapper json) throws IOException {
		this.path = path;
		this.json = json;
		this.out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
	}

	/** A request that was answered, with the body it was answered with. */
	void answered(String customId, int status, AnswerBody body) throws IOException {
		write("{\"id\":\"batch_req_" + Ids.hex() + "\",\"custom_id\":" + this.json.writeValueAsString(customId)
				+ ",\"response\":{\"status_code\":" + status + ",\"request_id\":\"req_" + Ids.hex() + "\",\"body\":");
		body.writeTo(this.out);
		write("},\"error\":null}\n");
		this.lines++;
	}

	/** A request that was never executed. */
	void notExecuted(String customId, String code, String message) throws IOException {
		write("{\"id\":\"batch_req_" + Ids.hex() + "\",\"custom_id\":" + this.json.writeValueAsString(customId)
				+ ",\"response\":null,\"error\":{\"code\":" + this.json.writeValueAsString(code) + ",\"message\":"
				+ this.json.writeValueAsString(message) + "}}\n");
		this.lines++;
	}

	private void write(String text) throws IOException {
		this.out.write(text.getBytes(StandardCharsets.UTF_8));
	}

	long lines() {
		return this.lines;
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

}
