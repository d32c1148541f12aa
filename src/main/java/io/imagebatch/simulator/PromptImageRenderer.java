package io.imagebatch.simulator;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Renders the simulator's images: real PNGs of the requested size that show the prompt on
 * a card, so a person opening a stored object can tell which row it came from. The
 * background colour is derived from the prompt and the image index, so the images of one
 * call differ from each other and from other prompts.
 */
public final class PromptImageRenderer {

	static {
		// Rendering never needs a display; without this a server with a stray DISPLAY
		// variable would try to reach an X server on the first font lookup.
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
	}

	private static final String ELLIPSIS = "…";

	/**
	 * Renders one image.
	 * @param card what to show
	 * @return the PNG bytes
	 */
	public byte[] render(Card card) {
		BufferedImage image = draw(card);
		return encodePng(image, card.width() * card.height());
	}

	BufferedImage draw(Card card) {
		int width = card.width();
		int height = card.height();
		BufferedImage image = new BufferedImage(width, height,
				card.transparent() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			int hash = colourSeed(card.prompt(), card.index());
			Color base = Color.getHSBColor((hash & 0xFFFF) / 65536f, 0.45f, 0.80f);
			if (!card.transparent()) {
				// A gradient rather than a flat fill so a thumbnail of many images is
				// still easy to tell apart; it costs next to nothing to encode.
				Color darker = Color.getHSBColor(((hash >>> 16) & 0xFFFF) / 65536f, 0.55f, 0.45f);
				g.setPaint(new GradientPaint(0, 0, base, width, height, darker));
				g.fillRect(0, 0, width, height);
			}
			int margin = Math.max(4, Math.min(width, height) / 16);
			int cardWidth = width - 2 * margin;
			int cardHeight = height - 2 * margin;
			int arc = Math.max(4, Math.min(width, height) / 20);
			g.setColor(card.transparent() ? base.brighter() : new Color(250, 250, 247));
			g.fillRoundRect(margin, margin, cardWidth, cardHeight, arc, arc);
			drawText(g, card, margin, cardWidth, cardHeight);
		}
		finally {
			g.dispose();
		}
		return image;
	}

	private void drawText(Graphics2D g, Card card, int margin, int cardWidth, int cardHeight) {
		int padding = Math.max(3, cardWidth / 20);
		int textWidth = Math.max(1, cardWidth - 2 * padding);
		int captionSize = Math.max(8, Math.min(cardWidth, cardHeight) / 28);
		Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, captionSize);
		FontMetrics captionMetrics = g.getFontMetrics(captionFont);
		int captionTop = margin + cardHeight - padding - captionMetrics.getHeight();

		int promptSize = Math.max(9, Math.min(cardWidth, cardHeight) / 14);
		Font promptFont = new Font(Font.SANS_SERIF, Font.BOLD, promptSize);
		FontMetrics promptMetrics = g.getFontMetrics(promptFont);
		int lineHeight = promptMetrics.getHeight();
		int available = captionTop - (margin + padding) - lineHeight / 2;
		int maxLines = Math.max(1, available / lineHeight);
		List<String> lines = wrap(card.prompt(), promptMetrics, textWidth, maxLines);

		g.setColor(new Color(30, 30, 34));
		g.setFont(promptFont);
		int y = margin + padding + promptMetrics.getAscent();
		for (String line : lines) {
			g.drawString(line, margin + padding, y);
			y += lineHeight;
		}

		g.setColor(new Color(90, 90, 100));
		g.setFont(captionFont);
		String caption = fit(card.caption(), captionMetrics, textWidth);
		g.drawString(caption, margin + padding, captionTop + captionMetrics.getAscent());
	}

	/**
	 * Greedy word wrap; words wider than a line are broken by character, and text beyond
	 * the last line ends in an ellipsis so a truncated prompt never looks complete.
	 */
	static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		String[] words = text.strip().split("\\s+");
		int i = 0;
		while (i < words.length && lines.size() < maxLines) {
			String word = words[i];
			String candidate = line.isEmpty() ? word : line + " " + word;
			if (metrics.stringWidth(candidate) <= width) {
				line.setLength(0);
				line.append(candidate);
				i++;
			}
			else if (line.isEmpty()) {
				int fits = fittingPrefix(word, metrics, width);
				lines.add(word.substring(0, fits));
				words[i] = word.substring(fits);
			}
			else {
				lines.add(line.toString());
				line.setLength(0);
			}
		}
		if (!line.isEmpty() && lines.size() < maxLines) {
			lines.add(line.toString());
		}
		boolean truncated = i < words.length;
		if (truncated && !lines.isEmpty()) {
			int last = lines.size() - 1;
			lines.set(last, fit(lines.get(last) + ELLIPSIS, metrics, width));
		}
		return lines;
	}

	private static int fittingPrefix(String word, FontMetrics metrics, int width) {
		int fits = 1;
		while (fits < word.length() && metrics.stringWidth(word.substring(0, fits + 1)) <= width) {
			fits++;
		}
		return fits;
	}

	private static String fit(String text, FontMetrics metrics, int width) {
		if (metrics.stringWidth(text) <= width) {
			return text;
		}
		String stem = text.endsWith(ELLIPSIS) ? text.substring(0, text.length() - 1) : text;
		while (!stem.isEmpty() && metrics.stringWidth(stem + ELLIPSIS) > width) {
			stem = stem.substring(0, stem.length() - 1);
		}
		return stem + ELLIPSIS;
	}

	private static int colourSeed(String prompt, int index) {
		// FNV-1a: stable across JVMs, unlike String.hashCode's spread over similar
		// prompts.
		int hash = 0x811C9DC5;
		for (byte b : (prompt + '\u0000' + index).getBytes(StandardCharsets.UTF_8)) {
			hash ^= b & 0xFF;
			hash *= 0x01000193;
		}
		return hash;
	}

	private static byte[] encodePng(BufferedImage image, int pixels) {
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
		if (!writers.hasNext()) {
			throw new IllegalStateException("No PNG writer in this JDK");
		}
		ImageWriter writer = writers.next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(4096, pixels / 8));
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			// The lowest deflate level that still compresses: the images are mostly flat
			// colour, so it keeps them small while encoding several times faster than the
			// default level (this renderer sits on the throughput benchmark's hot path).
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.875f);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PNG encoding failed", ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	/**
	 * What one image shows.
	 *
	 * @param prompt the prompt text, drawn word-wrapped
	 * @param model the model id, for the caption
	 * @param size the size as requested ({@code WIDTHxHEIGHT} or {@code auto})
	 * @param quality the quality, for the caption; {@code null} when the model has none
	 * @param index the image's position in the response, from 0
	 * @param n how many images the call asked for
	 * @param transparent whether everything outside the card is fully transparent
	 */
	public record Card(String prompt, String model, String size, @Nullable String quality, int index, int n,
			boolean transparent) {

		/** The size used when a request says {@code auto}. */
		static final String AUTO_SIZE = "1024x1024";

		public Card {
			if (index < 0 || n < 1 || index >= n) {
				throw new IllegalArgumentException("index " + index + " is not within n=" + n);
			}
			parse(size);
		}

		/** The width in pixels. */
		public int width() {
			return parse(this.size)[0];
		}

		/** The height in pixels. */
		public int height() {
			return parse(this.size)[1];
		}

		String caption() {
			String qualityPart = (this.quality != null) ? " · " + this.quality : "";
			return this.model + " · " + this.size + qualityPart + " · image " + (this.index + 1) + " of " + this.n;
		}

		private static int[] parse(String size) {
			String concrete = "auto".equals(size) ? AUTO_SIZE : size;
			int x = concrete.indexOf('x');
			try {
				int width = Integer.parseInt(concrete.substring(0, Math.max(0, x)));
				int height = Integer.parseInt(concrete.substring(x + 1));
				if (width > 0 && height > 0) {
					return new int[] { width, height };
				}
			}
			catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
				// fall through to the one message below
			}
			throw new IllegalArgumentException("Not a WIDTHxHEIGHT size: " + size);
		}

	}

}
