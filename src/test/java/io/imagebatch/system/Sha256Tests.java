package io.imagebatch.system;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Tests {

	// the FIPS 180-2 test vector for "abc"
	private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	private final byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);

	@Test
	void givesTheSameLowerCaseHexForBytesAStreamAndADigestFedAlongTheWay() throws Exception {
		// given
		MessageDigest digest = Sha256.newDigest();
		digest.update(this.abc, 0, 1);
		digest.update(this.abc, 1, 2);

		// when / then
		assertThat(Sha256.hex(this.abc)).isEqualTo(ABC);
		assertThat(Sha256.hex(new ByteArrayInputStream(this.abc))).isEqualTo(ABC);
		assertThat(Sha256.hex(digest)).isEqualTo(ABC);
	}

}
