package io.imagebatch.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageFormatTests {

	private static final byte[] PNG = bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D',
			'R');

	private static final byte[] JPEG = bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F');

	private static final byte[] WEBP = bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ');

	@Test
	void recognisesAPng() {
		// when / then
		assertThat(ImageFormat.sniff(PNG)).contains(ImageFormat.PNG);
	}

	@Test
	void recognisesAJpeg() {
		// when / then
		assertThat(ImageFormat.sniff(JPEG)).contains(ImageFormat.JPEG);
	}

	@Test
	void recognisesAWebp() {
		// when / then
		assertThat(ImageFormat.sniff(WEBP)).contains(ImageFormat.WEBP);
	}

	@Test
	void doesNotTakeAnotherRiffFileForAWebp() {
		// given
		byte[] wave = bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ');

		// when / then
		assertThat(ImageFormat.sniff(wave)).isEmpty();
	}

	@Test
	void doesNotTakeAnHtmlErrorPageForAnImage() {
		// given
		byte[] html = "<!DOCTYPE html><html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8);

		// when / then
		assertThat(ImageFormat.sniff(html)).isEmpty();
	}

	@Test
	void recognisesNothingInNoBytes() {
		// when / then
		assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
	}

	@Test
	void recognisesNothingInTheTruncatedStartOfAnImage() {
		// when / then
		assertThat(ImageFormat.sniff(Arrays.copyOf(PNG, 7))).isEmpty();
		assertThat(ImageFormat.sniff(Arrays.copyOf(JPEG, 2))).isEmpty();
		assertThat(ImageFormat.sniff(Arrays.copyOf(WEBP, 11))).isEmpty();
	}

	@Test
	void namesTheContentTypeAndExtensionOfEachFormat() {
		// when / then
		assertThat(ImageFormat.PNG.contentType()).isEqualTo("image/png");
		assertThat(ImageFormat.PNG.extension()).isEqualTo("png");
		assertThat(ImageFormat.JPEG.contentType()).isEqualTo("image/jpeg");
		assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
		assertThat(ImageFormat.WEBP.contentType()).isEqualTo("image/webp");
		assertThat(ImageFormat.WEBP.extension()).isEqualTo("webp");
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
