package io.imagebatch.simulator;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import io.imagebatch.simulator.PromptImageRenderer.Card;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromptImageRendererTests {

	private final PromptImageRenderer renderer = new PromptImageRenderer();

	@ParameterizedTest
	@CsvSource({ "256x256, 256, 256", "1792x1024, 1792, 1024", "1024x1536, 1024, 1536", "auto, 1024, 1024",
			"64x48, 64, 48" })
	void rendersAPngOfTheRequestedDimensions(String size, int width, int height) throws IOException {
		// given
		Card card = aCard("A quiet harbour at dawn", size, 0, 1, false);

		// when
		byte[] png = this.renderer.render(card);

		// then
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(width);
		assertThat(image.getHeight()).isEqualTo(height);
	}

	@Test
	void opaqueImagesHaveNoAlpha() throws IOException {
		// when
		BufferedImage image = read(this.renderer.render(aCard("A cat", "256x256", 0, 1, false)));

		// then
		assertThat(image.getColorModel().hasAlpha()).isFalse();
	}

	@Test
	void transparentImagesAreFullyTransparentOutsideTheCard() throws IOException {
		// when
		BufferedImage image = read(this.renderer.render(aCard("A sticker", "256x256", 0, 1, true)));

		// then
		assertThat(image.getRGB(0, 0) >>> 24).isZero();
		assertThat(image.getRGB(255, 255) >>> 24).isZero();
		assertThat(image.getRGB(128, 128) >>> 24).isEqualTo(0xFF);
	}

	@Test
	void imagesOfOneCallDifferByIndex() {
		// when
		byte[] first = this.renderer.render(aCard("A cat", "256x256", 0, 2, false));
		byte[] second = this.renderer.render(aCard("A cat", "256x256", 1, 2, false));

		// then
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void backgroundColourDependsOnThePrompt() {
		// when
		BufferedImage cat = this.renderer.draw(aCard("A cat", "256x256", 0, 1, false));
		BufferedImage dog = this.renderer.draw(aCard("A dog", "256x256", 0, 1, false));

		// then
		assertThat(cat.getRGB(1, 1)).isNotEqualTo(dog.getRGB(1, 1));
	}

	@Test
	void captionNamesModelSizeQualityAndPosition() {
		// when
		String caption = aCard("A cat", "1024x1024", 2, 3, false).caption();

		// then
		assertThat(caption).isEqualTo("gpt-image-1 · 1024x1024 · low · image 3 of 3");
	}

	@Test
	void wrapBreaksLinesAtWordsAndMarksTruncation() {
		// given
		FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
			.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int width = Math.max(metrics.stringWidth("alpha beta"), metrics.stringWidth("gamma delta"));

		// when
		List<String> all = PromptImageRenderer.wrap("alpha beta gamma delta", metrics, width, 10);
		List<String> truncated = PromptImageRenderer.wrap("alpha beta gamma delta", metrics, width, 1);

		// then
		assertThat(all).containsExactly("alpha beta", "gamma delta");
		assertThat(truncated).singleElement().satisfies((line) -> assertThat(line).endsWith("…"));
	}

	@Test
	void wrapBreaksAWordWiderThanTheLine() {
		// given
		FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
			.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

		// when
		List<String> lines = PromptImageRenderer.wrap("supercalifragilistic", metrics, metrics.stringWidth("super"),
				10);

		// then
		assertThat(lines).hasSizeGreaterThan(1);
		assertThat(String.join("", lines)).isEqualTo("supercalifragilistic");
	}

	@Test
	void refusesASizeThatIsNotWidthByHeight() {
		assertThatIllegalArgumentException().isThrownBy(() -> aCard("A cat", "large", 0, 1, false))
			.withMessageContaining("large");
	}

	private static Card aCard(String prompt, String size, int index, int n, boolean transparent) {
		return new Card(prompt, "gpt-image-1", size, "low", index, n, transparent);
	}

	private static BufferedImage read(byte[] png) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(png));
	}

}
