package io.imagebatch.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code url} images may be downloaded from, so that a gateway's answer cannot make
 * us fetch from an internal service (SSRF). An image URL must match an allowed origin
 * (scheme, host and port); the gateway's own origin is always allowed, wherever it lives.
 * Every other host name is resolved once, here, and the connection goes to the addresses
 * checked: a name that resolves to a loopback, private, link-local, unique-local or cloud
 * metadata address is refused unless the gateway allows private addresses.
 */
final class DownloadPolicy implements DnsResolver {

	private final Origin gatewayOrigin;

	private final List<Origin> allowed;

	private final boolean allowPrivateAddresses;

	private final Map<String, List<InetAddress>> hostAddresses;

	private final HostResolver resolver;

	/**
	 * @param gateway the gateway's base URL
	 * @param allowed the configured origins ({@code https://cdn.example.com},
	 * {@code http://files.example.com:8080}, {@code *.example.com}); a bare host means
	 * https on its default port
	 * @param allowPrivateAddresses whether configured hosts may resolve to internal
	 * addresses
	 * @param hostAddresses fixed addresses for some host names, like
	 * {@code curl --resolve}
	 * @param resolver resolves the other names
	 */
	DownloadPolicy(URI gateway, List<String> allowed, boolean allowPrivateAddresses,
			Map<String, List<InetAddress>> hostAddresses, HostResolver resolver) {
		this.gatewayOrigin = Origin.of(gateway);
		this.allowed = allowed.stream().map(Origin::parse).toList();
		this.allowPrivateAddresses = allowPrivateAddresses;
		this.hostAddresses = Map.copyOf(hostAddresses);
		this.resolver = resolver;
	}

	/**
	 * Checks an image URL before anything is requested from it.
	 * @throws GatewayException REJECTED when the URL may not be fetched
	 */
	void check(URI url) {
		Origin origin;
		try {
			origin = Origin.of(url);
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayException(ErrorKind.REJECTED, 0, "invalid_image_url",
					"Image URL is not an absolute http(s) URL: " + ex.getMessage());
		}
		if (!origin.scheme().equals("http") && !origin.scheme().equals("https")) {
			throw new GatewayException(ErrorKind.REJECTED, 0, "download_scheme_not_allowed",
					"Image URL scheme '" + origin.scheme() + "' is not allowed; only http and https");
		}
		if (!origin.equals(this.gatewayOrigin) && this.allowed.stream().noneMatch((entry) -> entry.admits(origin))) {
			throw new GatewayException(ErrorKind.REJECTED, 0, "download_host_not_allowed",
					"Image origin " + origin + " is neither the gateway's (" + this.gatewayOrigin
							+ ") nor in download-allowed-hosts; nothing was requested from it");
		}
		if (InetAddressUtils.isIPv4Address(origin.host()) || origin.host().startsWith("[")) {
			// an address in the URL is checked like a resolved name, before any
			// connection
			try {
				resolve(origin.host());
			}
			catch (UnknownHostException ex) {
				throw refused(ex);
			}
		}
	}

	/** The failure for a download whose host resolved to an address it may not reach. */
	static GatewayException refused(UnknownHostException ex) {
		return new GatewayException(ErrorKind.REJECTED, 0, "download_address_not_allowed", ex.getMessage(), null, ex);
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String name = host.toLowerCase(Locale.ROOT);
		List<InetAddress> fixed = this.hostAddresses.get(name);
		InetAddress[] addresses = (fixed != null) ? fixed.toArray(InetAddress[]::new) : this.resolver.resolve(name);
		if (name.equals(this.gatewayOrigin.host()) || this.allowPrivateAddresses) {
			return addresses;
		}
		List<InetAddress> refused = Arrays.stream(addresses).filter(DownloadPolicy::isInternal).toList();
		if (!refused.isEmpty()) {
			throw new RefusedAddress(host, refused);
		}
		return addresses;
	}

	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

	/**
	 * Whether an address belongs to this machine, a private network or a cloud's metadata
	 * service.
	 */
	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			// fc00::/7 unique-local; ::ffff:a.b.c.d is checked as the IPv4 address it
			// maps
			return (bytes[0] & 0xFE) == 0xFC;
		}
		int first = bytes[0] & 0xFF;
		int second = bytes[1] & 0xFF;
		// 100.64.0.0/10 carrier-grade NAT (Alibaba's metadata lives there) and 0.0.0.0/8
		return (first == 100 && second >= 64 && second < 128) || first == 0;
	}

	/** A host name resolved to addresses that downloads may not reach. */
	static final class RefusedAddress extends UnknownHostException {

		RefusedAddress(String host, List<InetAddress> refused) {
			super("'" + host + "' resolves to internal address " + describe(refused)
					+ "; set allow-private-addresses for this gateway to allow it");
		}

		private static String describe(List<InetAddress> addresses) {
			List<String> shown = new ArrayList<>();
			addresses.forEach((address) -> shown.add(address.getHostAddress()));
			return String.join(", ", shown);
		}

	}

	/** Resolves host names; the system's resolver unless a test says otherwise. */
	@FunctionalInterface
	interface HostResolver {

		HostResolver SYSTEM = InetAddress::getAllByName;

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * Scheme, host and port, lower case, the port made explicit.
	 *
	 * @param scheme http or https, or anything else found in a URL
	 * @param host the host name or address, or a pattern starting with {@code *.}
	 * @param port the port
	 */
	record Origin(String scheme, String host, int port) {

		static Origin of(URI url) {
			if (!url.isAbsolute() || url.getHost() == null) {
				throw new IllegalArgumentException("no scheme or host");
			}
			String scheme = url.getScheme().toLowerCase(Locale.ROOT);
			return new Origin(scheme, url.getHost().toLowerCase(Locale.ROOT),
					(url.getPort() != -1) ? url.getPort() : defaultPort(scheme));
		}

		/** An allowlist entry: {@code [scheme://]host[:port]}, https by default. */
		static Origin parse(String entry) {
			String trimmed = entry.strip();
			String withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed;
			String scheme = withScheme.substring(0, withScheme.indexOf("://")).toLowerCase(Locale.ROOT);
			String authority = withScheme.substring(withScheme.indexOf("://") + 3);
			int slash = authority.indexOf('/');
			if (slash >= 0) {
				authority = authority.substring(0, slash);
			}
			int colon = authority.lastIndexOf(':');
			boolean hasPort = colon > authority.lastIndexOf(']');
			String host = hasPort ? authority.substring(0, colon) : authority;
			int port = hasPort ? parsePort(entry, authority.substring(colon + 1)) : defaultPort(scheme);
			return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
		}

		private static int parsePort(String entry, String port) {
			try {
				return Integer.parseInt(port);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("download-allowed-hosts entry '" + entry + "' has no valid port");
			}
		}

		private static int defaultPort(@Nullable String scheme) {
			return "http".equals(scheme) ? 80 : 443;
		}

		/** Whether this allowlist entry admits a URL's origin. */
		boolean admits(Origin origin) {
			boolean hostMatches = this.host.startsWith("*.") ? origin.host.endsWith(this.host.substring(1))
					: this.host.equals(origin.host);
			return hostMatches && this.scheme.equals(origin.scheme) && this.port == origin.port;
		}

		@Override
		public String toString() {
			return this.scheme + "://" + this.host + ":" + this.port;
		}

	}

}
