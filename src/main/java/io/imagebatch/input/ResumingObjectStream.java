package io.imagebatch.input;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An S3 object's body that survives the connection ending early. A large input is read as
 * slowly as its rows are loaded, and a server may close a connection its reader left idle
 * (the embedded S3 after 30 s; S3 itself, and proxies, too): the body then ends with
 * "Premature EOF" part-way. The stream asks again for the rest, from the byte where it
 * stopped and only if the object is still the same (its ETag), a few times in a row at
 * most; any progress in between starts the count again.
 */
final class ResumingObjectStream extends InputStream {

	/** Tries in a row without a byte read before the failure is the reader's. */
	static final int RESUMES_IN_A_ROW = 3;

	private final S3Client s3;

	private final String bucket;

	private final String key;

	private final @Nullable String eTag;

	private ResponseInputStream<GetObjectResponse> body;

	private long position;

	private int failuresInARow;

	ResumingObjectStream(S3Client s3, String bucket, String key, ResponseInputStream<GetObjectResponse> first) {
		this.s3 = s3;
		this.bucket = bucket;
		this.key = key;
		this.eTag = first.response().eTag();
		this.body = first;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read == -1) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		while (true) {
			try {
				int read = this.body.read(buffer, offset, length);
				if (read > 0) {
					this.position += read;
					this.failuresInARow = 0;
				}
				return read;
			}
			catch (IOException | SdkException ex) {
				if (++this.failuresInARow > RESUMES_IN_A_ROW) {
					throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
				}
				resume(ex);
			}
		}
	}

	private void resume(Exception cause) throws IOException {
		this.body.abort();
		try {
			this.body = this.s3.getObject((request) -> {
				request.bucket(this.bucket).key(this.key).range("bytes=" + this.position + "-");
				if (this.eTag != null) {
					// a changed object must not be read on from the old one's offset
					request.ifMatch(this.eTag);
				}
			});
		}
		catch (SdkException ex) {
			IOException failure = new IOException(
					cause.getMessage() + "; reading on from byte " + this.position + " failed too: " + ex.getMessage(),
					cause);
			failure.addSuppressed(ex);
			throw failure;
		}
	}

	/** Stops the download: see {@link S3CsvSource}, which closes readers early. */
	@Override
	public void close() throws IOException {
		this.body.abort();
		this.body.close();
	}

}
