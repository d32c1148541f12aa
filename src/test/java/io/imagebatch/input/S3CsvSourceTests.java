package io.imagebatch.input;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 {@link CsvSource} streams: an object with no end is read as far as needed, and a
 * reader closed early aborts the download.
 */
class S3CsvSourceTests {

	@Test
	void theFirstRowsOfAnEndlessObjectAreReadWithoutFetchingTheRest() {
		// given: an object that never ends
		EndlessCsv object = new EndlessCsv();
		CsvSource source = CsvSource.of(new OneObjectS3(object), "exports", "endless.csv");

		// when
		PromptRow third;
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			reader.next();
			reader.next();
			third = ((ReadResult.Row) reader.next()).row();
		}

		// then
		assertThat(third.columns()).containsEntry("id", "3").containsEntry("prompt", "Prompt 3");
		assertThat(object.served).isLessThan(1024 * 1024);
		assertThat(object.aborted).isTrue();
	}

	/**
	 * {@code id,prompt} and then rows numbered from 1, forever, counting what it serves.
	 */
	private static final class EndlessCsv extends InputStream {

		private byte[] line = "id,prompt\n".getBytes(StandardCharsets.UTF_8);

		private int position;

		private long row;

		private long served;

		private final AtomicBoolean aborted = new AtomicBoolean();

		@Override
		public int read() {
			if (this.position == this.line.length) {
				this.row++;
				this.line = "%d,Prompt %d%n".formatted(this.row, this.row).getBytes(StandardCharsets.UTF_8);
				this.position = 0;
			}
			this.served++;
			return this.line[this.position++];
		}

	}

	/** An S3 client that knows one object. */
	private record OneObjectS3(EndlessCsv object) implements S3Client {

		@Override
		public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
			return new ResponseInputStream<>(GetObjectResponse.builder().build(),
					AbortableInputStream.create(this.object, () -> this.object.aborted.set(true)));
		}

		@Override
		public String serviceName() {
			return "s3";
		}

		@Override
		public void close() {
		}

	}

}
