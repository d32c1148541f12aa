package io.imagebatch.input;

import java.io.FilterInputStream;
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
 * whose body is decoded on the fly, so no object is ever held in memory whole.
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
		return Utf8Text.reader(new AbortOnClose(object));
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

	/**
	 * Readers are closed before the end of the object (after the header when a source is
	 * checked, at a resume after an unsplittable line); aborting first stops HTTP clients
	 * that would otherwise read the rest of the object to reuse the connection.
	 */
	private static final class AbortOnClose extends FilterInputStream {

		private final ResponseInputStream<?> object;

		AbortOnClose(ResponseInputStream<?> object) {
			super(object);
			this.object = object;
		}

		@Override
		public void close() throws IOException {
			this.object.abort();
			super.close();
		}

	}

}
