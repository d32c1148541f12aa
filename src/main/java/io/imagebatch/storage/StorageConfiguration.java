package io.imagebatch.storage;

import java.nio.file.Path;

import io.imagebatch.system.EmbeddedParts;
import io.imagebatch.system.SystemProperties;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The image store. Lazy, so commands that only read the database start no S3 server.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	/** Built eagerly: a bad template fails at start-up, not at the first image. */
	@Bean
	ObjectKeyTemplate objectKeyTemplate(StorageProperties properties) {
		return new ObjectKeyTemplate(properties.keyTemplate(), properties.prefix());
	}

	@Bean(destroyMethod = "close")
	@Lazy
	@Nullable EmbeddedS3Server embeddedS3Server(StorageProperties properties, SystemProperties system,
			EmbeddedParts embeddedParts) {
		if (!properties.embedded()) {
			return null;
		}
		Path root = system.dataDir().resolve("s3");
		EmbeddedS3Server server = EmbeddedS3Server.start(root);
		embeddedParts.add("S3 (" + root + ")");
		return server;
	}

	@Bean(destroyMethod = "close")
	@Lazy
	S3Client s3Client(StorageProperties properties, ObjectProvider<EmbeddedS3Server> embedded) {
		S3ClientBuilder builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			// we send our own SHA-256; the SDK's default CRC trailers are not understood
			// by
			// every S3-compatible server
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		EmbeddedS3Server server = embedded.getIfAvailable();
		if (server != null) {
			return builder.endpointOverride(server.endpoint())
				.region(Region.US_EAST_1)
				.forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
				.build();
		}
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.region(Region.of((properties.region() != null) ? properties.region() : "us-east-1"))
			.forcePathStyle(properties.pathStyle())
			.credentialsProvider(DefaultCredentialsProvider.builder().build())
			.build();
	}

	@Bean
	@Lazy
	ImageStore imageStore(S3Client s3, StorageProperties properties, ObjectProvider<EmbeddedS3Server> embedded) {
		ensureBucket(s3, properties);
		EmbeddedS3Server server = embedded.getIfAvailable();
		return new S3ImageStore(s3, properties.bucket(), (server != null) ? server.root() : null);
	}

	private static void ensureBucket(S3Client s3, StorageProperties properties) {
		try {
			s3.headBucket((request) -> request.bucket(properties.bucket()));
		}
		catch (NoSuchBucketException ex) {
			createOrExplain(s3, properties);
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw new IllegalStateException("Cannot use bucket '" + properties.bucket() + "': " + ex.getMessage(),
						ex);
			}
			createOrExplain(s3, properties);
		}
	}

	private static void createOrExplain(S3Client s3, StorageProperties properties) {
		if (!properties.createBucket()) {
			throw new IllegalStateException("Bucket '" + properties.bucket()
					+ "' does not exist; create it or set imagebatch.storage.create-bucket=true");
		}
		s3.createBucket((request) -> request.bucket(properties.bucket()));
	}

}
