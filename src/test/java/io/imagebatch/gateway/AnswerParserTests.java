package io.imagebatch.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import io.imagebatch.system.Spool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnswerParserTests {

	private final AnswerParser parser = new AnswerParser(4 * 1024 * 1024);

	@Test
	void decodesInlineImagesIntoSpoolsAndKeepsTheirRevisedPrompts() throws IOException {
		// given: a revised prompt before one image and after the other, and fields nobody
		// reads
		byte[] first = bytes(3_000_000);
		byte[] second = bytes(10);
		String answer = "{\"created\":1700000000,\"ignored\":{\"deep\":[1,2,{\"x\":\"y\"}]},\"data\":["
				+ "{\"revised_prompt\":\"a kite, red\",\"b64_json\":\"" + b64(first) + "\"}," + "{\"b64_json\":\""
				+ b64(second) + "\",\"revised_prompt\":\"a boat\"}],"
				+ "\"usage\":{\"input_tokens\":50,\"input_tokens_details\":{\"text_tokens\":40,\"image_tokens\":10},"
				+ "\"output_tokens\":4160}}";

		// when
		try (ImageResult result = parse(answer, false)) {
			// then
			assertThat(result.images()).hasSize(2);
			GeneratedImage.Inline one = (GeneratedImage.Inline) result.images().get(0);
			GeneratedImage.Inline two = (GeneratedImage.Inline) result.images().get(1);
			assertThat(one.content().toByteArray()).isEqualTo(first);
			assertThat(one.content().onDisk()).as("a large image is not held in memory").isTrue();
			assertThat(one.revisedPrompt()).isEqualTo("a kite, red");
			assertThat(two.content().toByteArray()).isEqualTo(second);
			assertThat(two.revisedPrompt()).isEqualTo("a boat");
			assertThat(result.usage()).isEqualTo(new Usage(40, 10, 4160, 0));
			assertThat(result.created()).isEqualTo(1700000000L);
		}
	}

	@Test
	void keepsUrlsAsUntrustedText() {
		try (ImageResult result = parse("{\"data\":[{\"url\":\"http://exa mple.com/x.png\"}]}", false)) {
			assertThat(result.images()).singleElement()
				.isEqualTo(new GeneratedImage.Remote("http://exa mple.com/x.png", null));
		}
	}

	@Test
	void readsImagesOfChatAnswersFromDataUrls() throws IOException {
		// given
		byte[] image = bytes(1000);
		String answer = "{\"choices\":[{\"message\":{\"content\":\"here\",\"images\":[{\"type\":\"image_url\","
				+ "\"image_url\":{\"url\":\"data:image/png;base64," + b64(image) + "\"}}]}}],"
				+ "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1300,"
				+ "\"completion_tokens_details\":{\"image_tokens\":1290}}}";

		// when
		try (ImageResult result = parse(answer, true)) {
			// then
			assertThat(((GeneratedImage.Inline) result.images().get(0)).content().toByteArray()).isEqualTo(image);
			assertThat(result.usage()).isEqualTo(new Usage(12, 0, 1290, 10));
		}
	}

	@Test
	void refusesAnInlineImageOverTheCapAsRejectedAndPaid() {
		// given
		String answer = "{\"data\":[{\"b64_json\":\"" + b64(bytes(5 * 1024 * 1024)) + "\"}]}";

		// when
		GatewayException failure = catchThrowableOfType(GatewayException.class, () -> parse(answer, false));

		// then
		assertThat(failure.kind()).isEqualTo(ErrorKind.REJECTED);
		assertThat(failure.code()).isEqualTo("image_too_large");
	}

	@Test
	void failsAnAnswerThatIsNotJson() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> parse("<html>bad gateway</html>", false));

		assertThat(failure.kind()).isEqualTo(ErrorKind.TRANSIENT);
		assertThat(failure.code()).isEqualTo("invalid_response");
	}

	@Test
	void failsAnAnswerThatBreaksOffInTheMiddle() {
		GatewayException failure = catchThrowableOfType(GatewayException.class,
				() -> parse("{\"data\":[{\"b64_json\":\"iVBORw0KGgo", false));

		assertThat(failure.code()).isEqualTo("invalid_response");
	}

	@Test
	void failsAnAnswerWithoutImages() {
		GatewayException failure = catchThrowableOfType(GatewayException.class, () -> parse("{\"data\":[]}", false));

		assertThat(failure.code()).isEqualTo("no_images");
	}

	private ImageResult parse(String answer, boolean chat) {
		try (Spool body = Spool.of(answer.getBytes(StandardCharsets.UTF_8))) {
			return this.parser.parse(body, chat, "test");
		}
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String b64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
