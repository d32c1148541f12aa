package io.imagebatch.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestHostResolverTests {

	@Test
	void testNamesResolveFromTheTableInEveryLookupOfThisJvm() throws UnknownHostException {
		assertThat(InetAddress.getByName(TestHostResolver.METADATA_HOST).getHostAddress()).isEqualTo("169.254.169.254");
		assertThat(InetAddress.getByName(TestHostResolver.INTERNAL_HOST).getHostAddress())
			.isEqualTo(TestHostResolver.INTERNAL_ADDRESS);
	}

	@Test
	void aTestNameOutsideTheTableIsUnknownWithoutAskingDns() {
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> InetAddress.getByName("elsewhere.test"));
	}

	@Test
	void otherNamesResolveAsBefore() throws UnknownHostException {
		assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
	}

}
