package io.imagebatch.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import io.imagebatch.system.Sha256;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServedImageTests {

	private final byte[] png = new PromptImageRenderer()
		.render(new PromptImageRenderer.Card("A cat", "dall-e-2", "256x256", null, 0, 1, false));

	@Test
	void paddedImageHasExactlyTheSizeAndDecodesAsThePngItPads() throws IOException {
		// given
		ServedImage image = ServedImage.padded(this.png, 1_000_000);

		// when
		byte[] bytes = bytesOf(image);

		// then
		assertThat(image.length()).isEqualTo(1_000_000);
		assertThat(bytes).hasSize(1_000_000);
		assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isEqualTo(256);
		assertThat(image.heldBytes()).isEqualTo(this.png.length);
	}

	@Test
	void paddingIsOnePrivateAncillaryChunkAfterIhdrWithAValidCrc() {
		// when
		ByteBuffer bytes = ByteBuffer.wrap(bytesOf(ServedImage.padded(this.png, 200_000)));

		// then: signature (8) and IHDR (25), then the padding chunk
		bytes.position(33);
		int length = bytes.getInt();
		byte[] typeAndData = new byte[4 + length];
		bytes.get(typeAndData);
		assertThat(new String(typeAndData, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("ibPd");
		CRC32 crc = new CRC32();
		crc.update(typeAndData);
		assertThat(bytes.getInt() & 0xFFFFFFFFL).isEqualTo(crc.getValue());
		assertThat(33 + 12 + length + (this.png.length - 33)).isEqualTo(200_000);
	}

	@Test
	void writingTwiceWritesTheSameBytesWhoseSha256ItKnowsAhead() {
		// given
		ServedImage image = ServedImage.padded(this.png, 300_000);

		// when
		byte[] first = bytesOf(image);
		byte[] second = bytesOf(image);

		// then
		assertThat(first).isEqualTo(second);
		assertThat(image.sha256()).isEqualTo(Sha256.hex(first));
	}

	@Test
	void anImageAlreadyThatLargeIsLeftAlone() {
		// when
		ServedImage image = ServedImage.padded(this.png, this.png.length);

		// then
		assertThat(bytesOf(image)).isEqualTo(this.png);
		assertThat(image.sha256()).isEqualTo(Sha256.hex(this.png));
	}

	@Test
	void anImageShortOfLessThanAChunkGrowsByAnEmptyChunk() {
		// when
		ServedImage image = ServedImage.padded(this.png, this.png.length + 5);

		// then
		assertThat(bytesOf(image)).hasSize(this.png.length + 12);
	}

	@Test
	void onlyAPngCanBePadded() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServedImage.padded(new byte[] { 1, 2, 3 }, 100));
	}

	private static byte[] bytesOf(ServedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			image.writeTo(out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

}
