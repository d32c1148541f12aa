package io.imagebatch.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link S3ImageStore} against a real S3 protocol server.
 */
class S3ImageStoreIntegrationTests {

	private static final String BUCKET = "store-tests";

	private final S3Client s3 = TestInfrastructure.get().s3();

	private final S3ImageStore store = new S3ImageStore(this.s3, BUCKET, null);

	@TempDir
	Path temp;

	@BeforeEach
	void bucket() {
		try {
			this.s3.createBucket((request) -> request.bucket(BUCKET));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 409) {
				throw ex;
			}
			// an earlier test made it
		}
	}

	@Test
	void storesAFileWithItsContentTypeAndSha256() throws IOException {
		// given: more than one read buffer of lines
		Path file = this.temp.resolve("manifest.jsonl");
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			lines.append("{\"id\":\"row-").append(i).append("\",\"status\":\"SUCCEEDED\"}\n");
		}
		Files.writeString(file, lines, StandardCharsets.UTF_8);
		byte[] content = Files.readAllBytes(file);

		// when
		StoredObject stored = this.store.putFile("files/run-1/manifest.jsonl", file, "application/x-ndjson");

		// then
		assertThat(stored.bucket()).isEqualTo(BUCKET);
		assertThat(stored.key()).isEqualTo("files/run-1/manifest.jsonl");
		assertThat(stored.bytes()).isEqualTo(content.length);
		assertThat(stored.sha256()).isEqualTo(Sha256.hex(content));
		ResponseBytes<GetObjectResponse> object = this.s3
			.getObjectAsBytes((request) -> request.bucket(BUCKET).key("files/run-1/manifest.jsonl"));
		assertThat(object.asByteArray()).isEqualTo(content);
		assertThat(object.response().contentType()).isEqualTo("application/x-ndjson");
		assertThat(this.store.find("files/run-1/manifest.jsonl"))
			.hasValueSatisfying((found) -> assertThat(found.sha256()).isEqualTo(Sha256.hex(content)));
	}

	@Test
	void replacesAFileStoredEarlierUnderTheSameKey() throws IOException {
		// given
		Path file = this.temp.resolve("manifest.jsonl");
		Files.writeString(file, "{\"status\":\"PENDING\"}\n", StandardCharsets.UTF_8);
		this.store.putFile("files/run-2/manifest.jsonl", file, "application/x-ndjson");
		Files.writeString(file, "{\"status\":\"SUCCEEDED\"}\n", StandardCharsets.UTF_8);

		// when
		this.store.putFile("files/run-2/manifest.jsonl", file, "application/x-ndjson");

		// then
		assertThat(new String(this.store.read("files/run-2/manifest.jsonl"), StandardCharsets.UTF_8))
			.isEqualTo("{\"status\":\"SUCCEEDED\"}\n");
	}

	@Test
	void saysWhichFileItCouldNotRead() {
		// given
		Path missing = this.temp.resolve("missing.jsonl");

		// when / then
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.store.putFile("files/run-3/manifest.jsonl", missing, "application/x-ndjson"))
			.withMessageContaining(missing.toString())
			.withMessageContaining("s3://" + BUCKET + "/files/run-3/manifest.jsonl");
	}

}
