package io.imagebatch.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one seam through which tests get real PostgreSQL and a real S3 protocol server:
 * Testcontainers (PostgreSQL, MinIO) where a Docker engine answers, otherwise embedded
 * PostgreSQL and S3Proxy. The same tests and assertions run on either. Started once per
 * test JVM and shared; tests isolate by run id and key prefix.
 */
public final class TestInfrastructure {

	private static final String ACCESS_KEY = "imagebatch-test";

	private static final String SECRET_KEY = "imagebatch-test-secret";

	private static TestInfrastructure instance;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final URI s3Endpoint;

	private final String kind;

	private TestInfrastructure(String jdbcUrl, String username, String password, URI s3Endpoint, String kind) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.s3Endpoint = s3Endpoint;
		this.kind = kind;
	}

	public static synchronized TestInfrastructure get() {
		if (instance == null) {
			instance = dockerAvailable() ? startContainers() : startEmbedded();
			// the product reads S3 credentials from the standard AWS provider chain
			System.setProperty("aws.accessKeyId", ACCESS_KEY);
			System.setProperty("aws.secretAccessKey", SECRET_KEY);
		}
		return instance;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@SuppressWarnings("resource") // lives as long as the test JVM
	private static TestInfrastructure startContainers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
		postgres.start();
		MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z").withUserName(ACCESS_KEY)
			.withPassword(SECRET_KEY);
		minio.start();
		return new TestInfrastructure(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
				URI.create(minio.getS3URL()), "Testcontainers (PostgreSQL, MinIO)");
	}

	private static TestInfrastructure startEmbedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Path s3Root = Files.createTempDirectory("imagebatch-test-s3");
			S3Proxy proxy = S3Proxy.builder()
				.blobStore(new FilesystemNio2BlobStore(s3Root.toString()))
				.endpoint(URI.create("http://127.0.0.1:0"))
				.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
				.stopTimeout(100)
				.build();
			proxy.start();
			while (!"STARTED".equals(proxy.getState())) {
				Thread.sleep(5);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					proxy.stop();
					postgres.close();
				}
				catch (Exception ex) {
					// the JVM is going away anyway
				}
			}));
			return new TestInfrastructure(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
					URI.create("http://127.0.0.1:" + proxy.getPort()), "embedded (zonky PostgreSQL, S3Proxy)");
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not start embedded test infrastructure", ex);
		}
	}

	/** The application properties that point the product at this infrastructure. */
	public Map<String, String> properties(String bucket) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.jdbcUrl);
		properties.put("spring.datasource.username", this.username);
		properties.put("spring.datasource.password", this.password);
		properties.put("imagebatch.storage.endpoint", this.s3Endpoint.toString());
		properties.put("imagebatch.storage.region", "us-east-1");
		properties.put("imagebatch.storage.path-style", "true");
		properties.put("imagebatch.storage.bucket", bucket);
		return properties;
	}

	public JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	/** The product's database, for code under test that takes a {@link DataSource}. */
	public DataSource dataSource() {
		return new DriverManagerDataSource(this.jdbcUrl, this.username, this.password);
	}

	public S3Client s3() {
		return S3Client.builder()
			.endpointOverride(this.s3Endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.httpClient(UrlConnectionHttpClient.create())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build();
	}

	public String kind() {
		return this.kind;
	}

}
