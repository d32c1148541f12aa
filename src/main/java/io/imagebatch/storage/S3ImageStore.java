package io.imagebatch.storage;

import java.io.InputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.system.Sha256;
import io.imagebatch.system.Spool;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ImageStore} on any S3-compatible service through the AWS SDK v2. Every put
 * carries {@code x-amz-checksum-sha256}, so the service rejects bytes damaged on the way;
 * the hex digest is also kept in the {@code sha256} metadata for stores that do not keep
 * checksums.
 */
public final class S3ImageStore implements ImageStore {

	static final String SHA256_METADATA = "sha256";

	private final S3Client s3;

	private final String bucket;

	private final @Nullable Path localRoot;

	/**
	 * @param s3 the client
	 * @param bucket the bucket
	 * @param localRoot where the objects are on this machine (embedded store), for
	 * summaries; {@code null} for a remote store
	 */
	public S3ImageStore(S3Client s3, String bucket, @Nullable Path localRoot) {
		this.s3 = s3;
		this.bucket = bucket;
		this.localRoot = localRoot;
	}

	@Override
	public StoredObject put(ImageObject image) {
		Spool content = image.content();
		// the SDK opens the stream again when it retries, so the spool is read, not
		// copied
		RequestBody body = RequestBody.fromContentProvider(() -> {
			try {
				return content.open();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, content.size(), image.format().contentType());
		return putObject(image.key(), image.format().contentType(), content.sha256(), image.metadata(), body,
				content.size());
	}

	@Override
	public StoredObject putFile(String key, Path file, String contentType) {
		String sha256;
		long size;
		try {
			// read once, a buffer at a time: a manifest may be large
			sha256 = Sha256.hex(Files.newInputStream(file));
			size = Files.size(file);
		}
		catch (IOException ex) {
			throw new StorageException("Could not read " + file + " to store it as s3://" + this.bucket + "/" + key
					+ ": " + ex.getMessage(), ex);
		}
		return putObject(key, contentType, sha256, Map.of(), RequestBody.fromFile(file), size);
	}

	private StoredObject putObject(String key, String contentType, String sha256, Map<String, String> userMetadata,
			RequestBody body, long size) {
		String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
		Map<String, String> metadata = new LinkedHashMap<>(userMetadata);
		metadata.put(SHA256_METADATA, sha256);
		try {
			PutObjectResponse response = this.s3.putObject((request) -> request.bucket(this.bucket)
				.key(key)
				.contentType(contentType)
				.checksumSHA256(checksum)
				.metadata(metadata), body);
			if (response.checksumSHA256() != null && !response.checksumSHA256().equals(checksum)) {
				throw new StorageException("S3 stored " + key + " with a different checksum", null);
			}
			return new StoredObject(this.bucket, key, contentType, size, sha256, metadata);
		}
		catch (SdkException ex) {
			throw new StorageException("Could not store s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
	}

	@Override
	public Optional<StoredObject> find(String key) {
		try {
			HeadObjectResponse head = this.s3
				.headObject((request) -> request.bucket(this.bucket).key(key).checksumMode(ChecksumMode.ENABLED));
			String sha256 = head.metadata().get(SHA256_METADATA);
			if (sha256 == null && head.checksumSHA256() != null) {
				sha256 = HexFormat.of().formatHex(Base64.getDecoder().decode(head.checksumSHA256()));
			}
			return Optional.of(new StoredObject(this.bucket, key, head.contentType(), head.contentLength(),
					(sha256 != null) ? sha256 : "", head.metadata()));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return Optional.empty();
			}
			throw new StorageException("Could not look up s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
		catch (SdkException ex) {
			throw new StorageException("Could not look up s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
	}

	@Override
	public byte[] read(String key) {
		try {
			return this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key)).asByteArray();
		}
		catch (SdkException ex) {
			throw new StorageException("Could not read s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
	}

	@Override
	public InputStream open(String key) {
		try {
			return this.s3.getObject((request) -> request.bucket(this.bucket).key(key));
		}
		catch (SdkException ex) {
			throw new StorageException("Could not read s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
	}

	@Override
	public void delete(String key) {
		try {
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key));
		}
		catch (SdkException ex) {
			throw new StorageException("Could not delete s3://" + this.bucket + "/" + key + ": " + describe(ex), ex);
		}
	}

	@Override
	public String bucket() {
		return this.bucket;
	}

	@Override
	public String locationOf(String keyPrefix) {
		String location = "s3://" + this.bucket + "/" + keyPrefix;
		return (this.localRoot != null)
				? location + " (files under " + this.localRoot.resolve(this.bucket).resolve(keyPrefix) + ")" : location;
	}

	private static String describe(SdkException ex) {
		// SDK messages carry request ids and status, never credentials
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
