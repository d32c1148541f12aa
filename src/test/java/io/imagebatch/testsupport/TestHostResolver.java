package io.imagebatch.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Name resolution for the tests, installed through the JDK's own seam (JEP 418): every
 * {@link InetAddress} lookup in a test JVM, and in the child JVMs started on the test
 * classpath, comes here first. Names under {@code .test} (a top-level domain reserved for
 * testing, RFC 2606) resolve from the fixed table below and never reach DNS; every other
 * name and address goes to the JDK's built-in resolver unchanged.
 * <p>
 * This is how a test makes an allowed download host point at a cloud metadata or loopback
 * address without touching the machine's resolver: the product sees the name, and
 * whatever resolves it through {@code InetAddress} (the JDK's {@code HttpClient} does)
 * gets the address.
 */
public final class TestHostResolver extends InetAddressResolverProvider {

	/** Resolves to the cloud metadata address. */
	public static final String METADATA_HOST = "metadata.test";

	/** Resolves to a loopback address other than the one the test gateways listen on. */
	public static final String INTERNAL_HOST = "internal.test";

	/** Where {@link #INTERNAL_HOST} points: a test server can listen there. */
	public static final String INTERNAL_ADDRESS = "127.0.0.2";

	private static final Map<String, byte[]> TABLE = Map.of(METADATA_HOST,
			new byte[] { (byte) 169, (byte) 254, (byte) 169, (byte) 254 }, INTERNAL_HOST, new byte[] { 127, 0, 0, 2 });

	private static final String TEST_DOMAIN = ".test";

	@Override
	public InetAddressResolver get(Configuration configuration) {
		InetAddressResolver builtin = configuration.builtinResolver();
		return new InetAddressResolver() {

			@Override
			public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
				String name = host.toLowerCase(Locale.ROOT);
				if (!name.endsWith(TEST_DOMAIN)) {
					return builtin.lookupByName(host, policy);
				}
				byte[] address = TABLE.get(name);
				if (address == null) {
					throw new UnknownHostException(host + " is not in the test resolver's table");
				}
				return Stream.of(InetAddress.getByAddress(host, address));
			}

			@Override
			public String lookupByAddress(byte[] addr) throws UnknownHostException {
				return builtin.lookupByAddress(addr);
			}

		};
	}

	@Override
	public String name() {
		return "imagebatch tests: *.test names";
	}

}
