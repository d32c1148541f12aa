package io.imagebatch.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DownloadPolicyTests {

	private static final URI GATEWAY = URI.create("https://api.example.com/v1");

	@Test
	void allowsTheGatewaysOwnOrigin() {
		DownloadPolicy policy = policy(List.of());

		assertThatNoException().isThrownBy(() -> policy.check(URI.create("https://api.example.com/files/1.png")));
	}

	@Test
	void refusesTheGatewaysHostOnAnotherPort() {
		// given
		DownloadPolicy policy = policy(List.of());

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("https://api.example.com:8443/internal.png")));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("download_host_not_allowed");
	}

	@Test
	void refusesTheGatewaysHostOverAnotherScheme() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> policy(List.of()).check(URI.create("http://api.example.com/1.png")));

		assertThat(failure.code()).isEqualTo("download_host_not_allowed");
	}

	@Test
	void matchesConfiguredOriginsBySchemeHostAndPort() {
		DownloadPolicy policy = policy(List.of("cdn.example.net", "http://files.example.org:8080", "*.images.example"));

		assertThatNoException().isThrownBy(() -> policy.check(URI.create("https://cdn.example.net/a.png")));
		assertThatNoException().isThrownBy(() -> policy.check(URI.create("http://files.example.org:8080/a.png")));
		assertThatNoException().isThrownBy(() -> policy.check(URI.create("https://eu.images.example/a.png")));
		assertThat(catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("http://cdn.example.net/a.png"))))
			.isNotNull();
		assertThat(catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("http://files.example.org:9090/a.png"))))
			.isNotNull();
		assertThat(catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("https://images.example.evil/a.png"))))
			.isNotNull();
	}

	@Test
	void refusesOtherSchemes() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> policy(List.of("file://x")).check(URI.create("file:///etc/passwd")));

		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
	}

	@Test
	void refusesAnAllowedNameThatResolvesToTheMetadataAddress() throws Exception {
		// given
		DownloadPolicy policy = new DownloadPolicy(GATEWAY, List.of("cdn.example.net"), false, Map.of(),
				(host) -> new InetAddress[] { InetAddress.getByName("169.254.169.254") });

		// when
		UnknownHostException failure = catchThrowableOfType(UnknownHostException.class,
				() -> policy.resolve("cdn.example.net"));

		// then
		assertThat(failure).isInstanceOf(DownloadPolicy.RefusedAddress.class).hasMessageContaining("169.254.169.254");
	}

	@Test
	void refusesAnAddressInTheUrlBeforeAnyConnection() {
		DownloadPolicy policy = policy(List.of("http://127.0.0.1:9000", "http://169.254.169.254"));

		assertThat(catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("http://127.0.0.1:9000/a.png"))))
			.extracting(GatewayException::code)
			.isEqualTo("download_address_not_allowed");
		assertThat(catchThrowableOfType(GatewayException.class,
				() -> policy.check(URI.create("http://169.254.169.254/latest/meta-data"))))
			.extracting(GatewayException::code)
			.isEqualTo("download_address_not_allowed");
	}

	@Test
	void allowsPrivateAddressesWhenTheGatewaySaysSo() throws Exception {
		DownloadPolicy policy = new DownloadPolicy(GATEWAY, List.of("minio.internal"), true, Map.of(),
				(host) -> new InetAddress[] { InetAddress.getByName("10.0.0.7") });

		assertThat(policy.resolve("minio.internal")).containsExactly(InetAddress.getByName("10.0.0.7"));
	}

	@Test
	void trustsWhereverTheGatewayItselfLives() throws Exception {
		DownloadPolicy policy = new DownloadPolicy(URI.create("http://127.0.0.1:8089/v1"), List.of(), false, Map.of(),
				DownloadPolicy.HostResolver.SYSTEM);

		assertThatNoException().isThrownBy(() -> policy.check(URI.create("http://127.0.0.1:8089/files/a.png")));
		assertThat(policy.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
	}

	@Test
	void usesFixedAddressesInsteadOfResolving() throws Exception {
		DownloadPolicy policy = new DownloadPolicy(GATEWAY, List.of("cdn.example.net"), false,
				Map.of("cdn.example.net", List.of(InetAddress.getByName("93.184.216.34"))), (host) -> {
					throw new UnknownHostException("must not be asked");
				});

		assertThat(policy.resolve("CDN.example.net")).containsExactly(InetAddress.getByName("93.184.216.34"));
	}

	@Test
	void recognisesEveryInternalRange() throws Exception {
		for (String internal : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"100.100.100.200", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1")) {
			assertThat(DownloadPolicy.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
		}
		for (String external : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111")) {
			assertThat(DownloadPolicy.isInternal(InetAddress.getByName(external))).as(external).isFalse();
		}
	}

	private static DownloadPolicy policy(List<String> allowed) {
		return new DownloadPolicy(GATEWAY, allowed, false, Map.of(), DownloadPolicy.HostResolver.SYSTEM);
	}

}
