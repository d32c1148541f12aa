package io.imagebatch.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagebatch.system.Spool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Downloads against real HTTP servers on loopback: one plays the gateway (its origin is
 * trusted), the other an internal service that must never see a request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImageDownloaderIntegrationTests {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 };

	private HttpServer gateway;

	private HttpServer internal;

	private final AtomicInteger internalRequests = new AtomicInteger();

	@BeforeEach
	void servers() throws IOException {
		this.gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.gateway.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
		this.gateway.createContext("/files/ok.png", (exchange) -> answer(exchange, 200, PNG));
		this.gateway.createContext("/files/drip.png", ImageDownloaderIntegrationTests::drip);
		this.gateway.createContext("/files/endless.png", ImageDownloaderIntegrationTests::endless);
		this.gateway.createContext("/redirect", (exchange) -> {
			exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getQuery().substring(3));
			answer(exchange, 302, new byte[0]);
		});
		this.gateway.start();
		this.internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.internal.createContext("/", (exchange) -> {
			this.internalRequests.incrementAndGet();
			answer(exchange, 200, PNG);
		});
		this.internal.start();
	}

	@AfterEach
	void stop() {
		this.gateway.stop(0);
		this.internal.stop(0);
	}

	@Test
	void downloadsFromTheGatewaysOrigin() throws IOException {
		try (Spool image = downloader(List.of(), false).download(gatewayUrl("/files/ok.png"))) {
			assertThat(image.toByteArray()).isEqualTo(PNG);
		}
	}

	@Test
	void givesUpOnADownloadThatDripsOnceItsTimeoutHasPassed() {
		// given: headers at once, then a byte every 300 ms, for ever
		ImageDownloader downloader = downloader(List.of(), false);

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader.download(gatewayUrl("/files/drip.png")));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(failure.code()).isEqualTo("download_timeout");
	}

	@Test
	void refusesAnImageThatNeverEnds() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader(List.of(), false).download(gatewayUrl("/files/endless.png")));

		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("image_too_large");
	}

	@Test
	void neverRequestsTheGatewaysHostOnAnotherPort() {
		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader(List.of(), false).download(internalUrl()));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("download_host_not_allowed");
		assertThat(this.internalRequests).hasValue(0);
	}

	@Test
	void neverFollowsARedirectToAnotherPort() {
		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader(List.of(), false).download(gatewayUrl("/redirect?to=" + internalUrl())));

		// then
		assertThat(failure.code()).isEqualTo("download_host_not_allowed");
		assertThat(this.internalRequests).hasValue(0);
	}

	@Test
	void failsAMalformedUrlAsRejected() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader(List.of(), false).download("http://exa mple.com/x.png"));

		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("invalid_image_url");
	}

	@Test
	void failsAMalformedRedirectAsRejected() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader(List.of(), false).download(gatewayUrl("/redirect?to=http://exa%20mple.com/x.png")));

		assertThat(failure.code()).isEqualTo("invalid_image_url");
	}

	@Test
	void refusesAnAllowedNameThatResolvesToAnInternalAddress() {
		// given: internal.test is allowed, but is this machine
		ImageDownloader downloader = downloader(List.of("http://internal.test:" + this.internal.getAddress().getPort()),
				false);

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> downloader.download(internalNamedUrl()));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("download_address_not_allowed");
		assertThat(this.internalRequests).hasValue(0);
	}

	@Test
	void reachesAnInternalAddressOnlyWhenTheGatewayAllowsIt() throws IOException {
		ImageDownloader downloader = downloader(List.of("http://internal.test:" + this.internal.getAddress().getPort()),
				true);

		try (Spool image = downloader.download(internalNamedUrl())) {
			assertThat(image.toByteArray()).isEqualTo(PNG);
		}
		assertThat(this.internalRequests).hasValue(1);
	}

	private ImageDownloader downloader(List<String> allowed, boolean allowPrivate) {
		DownloadPolicy policy = new DownloadPolicy(URI.create(gatewayUrl("/v1")), allowed, allowPrivate,
				Map.of("internal.test", List.of(InetAddress.getLoopbackAddress())), DownloadPolicy.HostResolver.SYSTEM);
		return new ImageDownloader(new BoundedHttp(Duration.ofSeconds(2), 4, policy), policy, Duration.ofSeconds(2),
				100_000);
	}

	private String gatewayUrl(String path) {
		return "http://127.0.0.1:" + this.gateway.getAddress().getPort() + path;
	}

	private String internalUrl() {
		return "http://127.0.0.1:" + this.internal.getAddress().getPort() + "/secret.png";
	}

	private String internalNamedUrl() {
		return "http://internal.test:" + this.internal.getAddress().getPort() + "/secret.png";
	}

	private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void drip(HttpExchange exchange) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(PNG, 0, 8);
			out.flush();
			while (true) {
				out.write(0);
				out.flush();
				pause(300);
			}
		}
		catch (IOException ex) {
			// the client hung up, as it should
		}
	}

	private static void endless(HttpExchange exchange) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		byte[] chunk = new byte[16 * 1024];
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(PNG, 0, 8);
			while (true) {
				out.write(chunk);
			}
		}
		catch (IOException ex) {
			// the client hung up, as it should
		}
	}

	private static void pause(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
