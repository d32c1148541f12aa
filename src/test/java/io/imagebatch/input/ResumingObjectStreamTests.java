package io.imagebatch.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An S3 object whose connection ends part-way is read on from where it stopped, if it is
 * still the same object, and given up on after a few tries that read nothing.
 */
class ResumingObjectStreamTests {

	private static final String CSV = rows(2000);

	@Test
	void anObjectCutOffPartWayIsReadToItsEndFromWhereItStopped() throws IOException {
		// given: every connection ends with "Premature EOF" after 5,000 bytes
		FlakyS3 s3 = new FlakyS3(CSV, 5_000, 5_000);
		CsvSource source = CsvSource.of(s3, "inputs", "rows.csv");

		// when
		List<String> ids = new ArrayList<>();
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			for (ReadResult result = reader.next(); result != null; result = reader.next()) {
				ids.add(((ReadResult.Row) result).row().columns().get("id"));
			}
		}

		// then
		assertThat(ids).hasSize(2000).startsWith("1").endsWith("2000").doesNotHaveDuplicates();
		assertThat(s3.requests).hasSizeGreaterThan(2);
		assertThat(s3.requests.get(1).range()).isEqualTo("bytes=5000-");
		assertThat(s3.requests.get(1).ifMatch()).isEqualTo("\"etag-1\"");
	}

	@Test
	void aConnectionThatFailsAgainWithoutAByteIsTheReadersFailure() {
		// given: the first connection fails after 100 bytes, every later one at once
		FlakyS3 s3 = new FlakyS3(CSV, 100, 0);

		// when
		byte[] buffer = new byte[8192];

		// then
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (InputStream in = new ResumingObjectStream(s3, "inputs", "rows.csv",
					s3.getObject(GetObjectRequest.builder().bucket("inputs").key("rows.csv").build()))) {
				while (in.read(buffer) != -1) {
					// read on
				}
			}
		}).withMessageContaining("Premature EOF");
		assertThat(s3.requests).hasSize(1 + ResumingObjectStream.RESUMES_IN_A_ROW);
	}

	private static String rows(int count) {
		StringBuilder csv = new StringBuilder("id,prompt\n");
		for (int i = 1; i <= count; i++) {
			csv.append(i).append(",A catalog picture number ").append(i).append('\n');
		}
		return csv.toString();
	}

	/**
	 * One object, whose first connection ends after {@code firstCut} bytes and every
	 * later one after {@code laterCut} bytes, as a server closing them would.
	 */
	private static final class FlakyS3 implements S3Client {

		private final byte[] object;

		private final int firstCut;

		private final int laterCut;

		private final List<GetObjectRequest> requests = new ArrayList<>();

		FlakyS3(String object, int firstCut, int laterCut) {
			this.object = object.getBytes(StandardCharsets.UTF_8);
			this.firstCut = firstCut;
			this.laterCut = laterCut;
		}

		@Override
		public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
			this.requests.add(request);
			int from = (request.range() != null) ? Integer.parseInt(request.range().replaceAll("\\D", "")) : 0;
			int cut = (this.requests.size() == 1) ? this.firstCut : this.laterCut;
			InputStream body = new CutOff(new ByteArrayInputStream(this.object, from, this.object.length - from), cut);
			return new ResponseInputStream<>(GetObjectResponse.builder().eTag("\"etag-1\"").build(),
					AbortableInputStream.create(body));
		}

		@Override
		public String serviceName() {
			return "s3";
		}

		@Override
		public void close() {
		}

	}

	/** A body that fails as a closed connection does after so many bytes. */
	private static final class CutOff extends InputStream {

		private final InputStream in;

		private int left;

		CutOff(InputStream in, int left) {
			this.in = in;
			this.left = left;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.left <= 0 && this.in.available() > 0) {
				throw new IOException("Premature EOF");
			}
			int read = this.in.read(buffer, offset, Math.min(length, Math.max(this.left, 1)));
			this.left -= Math.max(read, 0);
			return read;
		}

	}

}
