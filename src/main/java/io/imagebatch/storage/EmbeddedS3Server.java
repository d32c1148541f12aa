package io.imagebatch.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3 protocol server (S3Proxy) on loopback that keeps objects as plain files under a
 * directory, so a person can open the images. Credentials are made up per process and
 * never leave it.
 */
final class EmbeddedS3Server implements AutoCloseable {

	private final S3Proxy proxy;

	private final Path root;

	private final String accessKey;

	private final String secretKey;

	private EmbeddedS3Server(S3Proxy proxy, Path root, String accessKey, String secretKey) {
		this.proxy = proxy;
		this.root = root;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
	}

	static EmbeddedS3Server start(Path root) {
		try {
			Files.createDirectories(root);
			String accessKey = "imagebatch";
			String secretKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
			S3Proxy proxy = S3Proxy.builder()
				.blobStore(new FilesystemNio2BlobStore(root.toAbsolutePath().toString()))
				.endpoint(URI.create("http://127.0.0.1:0"))
				.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
				.stopTimeout(1000)
				.build();
			proxy.start();
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
			while (!"STARTED".equals(proxy.getState())) {
				if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
					throw new IllegalStateException("S3Proxy did not start (state " + proxy.getState() + ")");
				}
				Thread.sleep(5);
			}
			return new EmbeddedS3Server(proxy, root, accessKey, secretKey);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the embedded S3 server in " + root + ": " + ex.getMessage()
					+ ". Configure imagebatch.storage.endpoint or .region to use S3 instead.", ex);
		}
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.proxy.getPort());
	}

	Path root() {
		return this.root;
	}

	String accessKey() {
		return this.accessKey;
	}

	String secretKey() {
		return this.secretKey;
	}

	@Override
	public void close() {
		try {
			this.proxy.stop();
		}
		catch (Exception ex) {
			// Jetty reports a graceful-stop timeout even when it did stop; nothing to do
		}
	}

}
