package io.imagebatch.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpoolTests {

	@Test
	void keepsSmallContentInMemory() throws IOException {
		// given
		byte[] content = "a small image".getBytes(StandardCharsets.UTF_8);

		// when
		try (Spool spool = Spool.create(1024, 64).fill(new ByteArrayInputStream(content))) {
			// then
			assertThat(spool.onDisk()).isFalse();
			assertThat(spool.size()).isEqualTo(content.length);
			assertThat(spool.toByteArray()).isEqualTo(content);
			assertThat(spool.sha256()).isEqualTo(sha256(content));
		}
	}

	@Test
	void movesLargeContentToATemporaryFileAndDeletesItOnClose() throws IOException {
		// given
		byte[] content = randomBytes(10_000);
		Spool spool = Spool.create(1_000_000, 1024);

		// when
		spool.fill(new ByteArrayInputStream(content));

		// then
		assertThat(spool.onDisk()).isTrue();
		assertThat(spool.toByteArray()).isEqualTo(content);
		assertThat(spool.head(4)).isEqualTo(java.util.Arrays.copyOf(content, 4));
		assertThat(spool.sha256()).isEqualTo(sha256(content));
		spool.close();
		assertThat(spool.onDisk()).isFalse();
		spool.close();
	}

	@Test
	void refusesToGrowPastItsCapWithoutHoldingTheRest() throws IOException {
		// given: a source that never ends
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				return 'x';
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
				return length;
			}

		};

		try (Spool spool = Spool.create(200_000, 1024)) {
			// when / then
			assertThatExceptionOfType(Spool.SpoolFullException.class).isThrownBy(() -> spool.fill(endless))
				.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(200_000));
			assertThat(spool.size()).isLessThanOrEqualTo(200_000);
		}
	}

	@Test
	void canBeReadMoreThanOnceForRetriedPuts() throws IOException {
		// given
		byte[] content = randomBytes(5000);
		try (Spool spool = Spool.create(10_000, 100).fill(new ByteArrayInputStream(content))) {
			// when
			byte[] first;
			try (InputStream in = spool.open()) {
				first = in.readAllBytes();
			}
			byte[] second = spool.toByteArray();

			// then
			assertThat(first).isEqualTo(content);
			assertThat(second).isEqualTo(content);
		}
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
