package io.imagebatch.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The streaming multipart reader of {@code POST /v1/files}, fed in awkward pieces.
 */
class MultipartUploadTests {

	private static final String BOUNDARY = "xYzBoundary42";

	private static final String CONTENT_TYPE = "multipart/form-data; boundary=\"" + BOUNDARY + "\"";

	@TempDir
	Path directory;

	@Test
	void fileThatAlmostContainsTheBoundaryArrivesWhole() throws IOException {
		// given: content full of near-boundaries, delivered a few bytes at a time
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		Random random = new Random(7);
		for (int i = 0; i < 20_000; i++) {
			content.write(("\r\n--" + BOUNDARY.substring(0, random.nextInt(BOUNDARY.length())) + "\r\n-")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] noise = new byte[random.nextInt(16)];
			random.nextBytes(noise);
			content.write(noise);
		}
		Path target = this.directory.resolve("file");

		// when
		MultipartUpload.Upload upload = MultipartUpload.receive(CONTENT_TYPE,
				new Trickle(body("batch", content.toByteArray()), random), 10_000_000, target);

		// then
		assertThat(upload.purpose()).isEqualTo("batch");
		assertThat(upload.filename()).isEqualTo("in.jsonl");
		assertThat(upload.bytes()).isEqualTo(content.size());
		assertThat(Files.readAllBytes(target)).isEqualTo(content.toByteArray());
	}

	@Test
	void fileOverTheLimitIs413() {
		// when / then
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> MultipartUpload.receive(CONTENT_TYPE,
					new ByteArrayInputStream(body("batch", new byte[2000])), 1000, this.directory.resolve("file")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(413));
	}

	@Test
	void bodyWithoutItsClosingBoundaryIs400() {
		// given
		byte[] body = body("batch", new byte[100]);
		byte[] cut = Arrays.copyOf(body, body.length - 10);

		// when / then
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> MultipartUpload.receive(CONTENT_TYPE, new ByteArrayInputStream(cut), 1000,
					this.directory.resolve("file")))
			.satisfies((error) -> assertThat(error.code()).isEqualTo("invalid_multipart"));
	}

	@Test
	void uploadWithoutAFileIs400() {
		// given
		byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
				+ BOUNDARY + "--\r\n")
			.getBytes(StandardCharsets.US_ASCII);

		// when / then
		assertThatExceptionOfType(SimulatorError.class)
			.isThrownBy(() -> MultipartUpload.receive(CONTENT_TYPE, new ByteArrayInputStream(body), 1000,
					this.directory.resolve("file")))
			.satisfies((error) -> assertThat(error.code()).isEqualTo("missing_file"));
	}

	private static byte[] body(String purpose, byte[] file) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
				+ purpose + "\r\n--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		body.writeBytes(file);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

	/** Gives at most a few bytes per read, as a slow network would. */
	private static final class Trickle extends InputStream {

		private final ByteArrayInputStream in;

		private final Random random;

		Trickle(byte[] bytes, Random random) {
			this.in = new ByteArrayInputStream(bytes);
			this.random = random;
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.in.read(b, off, Math.min(len, 1 + this.random.nextInt(97)));
		}

	}

}
