package io.imagebatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code imagebatch serve} in a JVM of its own on a free port, on the test's
 * infrastructure: the API over real HTTP, and a process a test can terminate.
 */
public final class ServeProcess implements AutoCloseable {

	private final ChildImagebatch child;

	private final URI base;

	private ServeProcess(ChildImagebatch child, URI base) {
		this.child = child;
		this.base = base;
	}

	/**
	 * Starts {@code serve} and waits until it is ready.
	 * @param properties the test bed's properties and the test's own
	 * @param args more arguments for {@code serve}, such as {@code --demo}
	 */
	public static ServeProcess start(Path workDirectory, Map<String, String> properties, String... args) {
		int port = freePort();
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("server.port", Integer.toString(port));
		List<String> command = new ArrayList<>(List.of("serve"));
		command.addAll(List.of(args));
		ChildImagebatch child = ChildImagebatch.start(workDirectory, all, command.toArray(String[]::new));
		ServeProcess serve = new ServeProcess(child, URI.create("http://localhost:" + port));
		try {
			serve.awaitReady();
		}
		catch (RuntimeException | AssertionError ex) {
			// a serve that never got ready must not outlive the test, holding its port
			// and a core
			serve.close();
			throw ex;
		}
		return serve;
	}

	public URI base() {
		return this.base;
	}

	public URI uri(String path) {
		return this.base.resolve(path);
	}

	public ChildImagebatch process() {
		return this.child;
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Polling.until(Duration.ofSeconds(90), () -> {
			if (!this.child.isAlive()) {
				throw new AssertionError("serve ended before it was ready; stderr:\n" + this.child.stderr());
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
				return response.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}, () -> "serve to be ready; stderr:\n" + this.child.stderr());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGTERM, and the exit code. */
	@Override
	public void close() {
		if (this.child.isAlive()) {
			this.child.terminate();
		}
	}

}
