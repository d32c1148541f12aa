package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A UTF-8 object in S3, streamed as it is read: every {@link #open()} is a new GetObject
 * whose body is decoded on the fly, so no object is ever held in memory whole, and read
 * on where it stopped when the connection ends early ({@link ResumingObjectStream}).
 * Readers are closed before the end of the object (after the header when a source is
 * checked, at a resume after an unsplittable line): closing aborts the download, rather
 * than let the HTTP client read the rest to reuse the connection.
 */
record S3CsvSource(S3Client s3, String bucket, String key) implements CsvSource {

	private static final int NOT_FOUND = 404;

	@Override
	public Reader open() throws IOException {
		ResponseInputStream<GetObjectResponse> object;
		try {
			object = this.s3.getObject((request) -> request.bucket(this.bucket).key(this.key));
		}
		catch (NoSuchKeyException ex) {
			throw new InputException("no object " + description(), ex);
		}
		catch (NoSuchBucketException ex) {
			throw new InputException("no object %s: there is no bucket '%s'".formatted(description(), this.bucket), ex);
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == NOT_FOUND) {
				throw new InputException("no object " + description(), ex);
			}
			throw new IOException(reasonOf(ex), ex);
		}
		catch (SdkClientException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		return Utf8Text.reader(new ResumingObjectStream(this.s3, this.bucket, this.key, object));
	}

	@Override
	public String description() {
		return "s3://" + this.bucket + "/" + this.key;
	}

	private static String reasonOf(S3Exception ex) {
		if (ex.awsErrorDetails() != null && ex.awsErrorDetails().errorMessage() != null) {
			return ex.awsErrorDetails().errorMessage() + " (HTTP " + ex.statusCode() + ")";
		}
		return String.valueOf(ex.getMessage());
	}

}
