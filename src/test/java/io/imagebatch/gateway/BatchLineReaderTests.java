package io.imagebatch.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import io.imagebatch.system.Spool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchLineReaderTests {

	private static final long MAX_RESPONSE = 40L * 1024 * 1024;

	private final BatchLineReader reader = new BatchLineReader("batchy", MAX_RESPONSE, 30L * 1024 * 1024);

	@Test
	void readsAnAnswerWithInlineImagesLikeASynchronousOne() throws IOException {
		// given
		byte[] image = bytes(5_000);
		String line = answered("item-1", 200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + b64(image)
				+ "\",\"revised_prompt\":\"a red kite\"}],\"usage\":{\"input_tokens\":10,\"output_tokens\":4160}}");

		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(line));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Answered.class, (answered) -> {
			assertThat(answered.customId()).isEqualTo("item-1");
			try (ImageResult result = answered.result()) {
				GeneratedImage.Inline inline = (GeneratedImage.Inline) result.images().getFirst();
				assertThat(inline.content().toByteArray()).isEqualTo(image);
				assertThat(inline.revisedPrompt()).isEqualTo("a red kite");
				assertThat(result.usage()).isEqualTo(new Usage(10, 0, 4160, 0));
				assertThat(result.created()).isEqualTo(1700000000L);
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
		});
	}

	@Test
	void readsAnAnswerWithImageUrls() {
		// when
		BatchLineOutcome outcome = this.reader
			.outcomeOf(spool(answered("item-2", 200, "{\"data\":[{\"url\":\"https://img.example.com/1.png\"}]}")));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Answered.class,
				(answered) -> assertThat(answered.result().images()).singleElement()
					.isEqualTo(new GeneratedImage.Remote("https://img.example.com/1.png", null)));
	}

	@Test
	void readsAChatAnswerByItsChoices() throws IOException {
		// given
		byte[] image = bytes(300);
		String body = "{\"object\":\"chat.completion\",\"choices\":[{\"message\":{\"images\":[{\"image_url\":"
				+ "{\"url\":\"data:image/png;base64," + b64(image) + "\"}}]}}]}";

		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(answered("chat-1", 200, body)));

		// then
		assertThat(outcome).isInstanceOf(BatchLineOutcome.Answered.class);
		GeneratedImage.Inline inline = (GeneratedImage.Inline) ((BatchLineOutcome.Answered) outcome).result()
			.images()
			.getFirst();
		assertThat(inline.content().toByteArray()).isEqualTo(image);
	}

	@Test
	void readsTheCustomIdWhereverItStands() {
		// given: custom_id after the response, status_code after the body
		String line = "{\"id\":\"batch_req_1\",\"response\":{\"body\":{\"data\":[{\"url\":\"https://i/1.png\"}]},"
				+ "\"request_id\":\"req_1\",\"status_code\":200},\"error\":null,\"custom_id\":\"late-id\"}";

		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(line));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Answered.class,
				(answered) -> assertThat(answered.customId()).isEqualTo("late-id"));
	}

	@Test
	void classifiesARefusedRequestByItsStatusAndCode() {
		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(answered("item-3", 400,
				"{\"error\":{\"message\":\"Your prompt was rejected\",\"type\":\"invalid_request_error\","
						+ "\"param\":\"prompt\",\"code\":\"content_policy_violation\"}}")));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.customId()).isEqualTo("item-3");
			assertThat(failed.error().kind()).isEqualTo(ErrorKind.REJECTED);
			assertThat(failed.error().status()).isEqualTo(400);
			assertThat(failed.error().code()).isEqualTo("content_policy_violation");
			assertThat(failed.error().getMessage()).isEqualTo("Your prompt was rejected");
			assertThat(failed.error().paid()).isFalse();
		});
	}

	@Test
	void takesAServerErrorForTransientAndTheTypeForTheCodeWhenThereIsNoCode() {
		// when
		BatchLineOutcome outcome = this.reader
			.outcomeOf(spool(answered("item-4", 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
			assertThat(failed.error().code()).isEqualTo("server_error");
			assertThat(failed.error().getMessage()).isEqualTo("boom");
		});
	}

	@Test
	void namesTheStatusOfAnErrorAnswerWithoutAMessage() {
		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(answered("item-5", 401, "{}")));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.error().kind()).isEqualTo(ErrorKind.FATAL);
			assertThat(failed.error().getMessage()).isEqualTo("HTTP 401");
		});
	}

	@Test
	void reportsARequestTheProviderNeverRan() {
		// given
		String line = "{\"id\":\"batch_req_9\",\"custom_id\":\"item-6\",\"response\":null,"
				+ "\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed before the "
				+ "completion window expired.\"}}";

		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(line));

		// then
		assertThat(outcome).isEqualTo(new BatchLineOutcome.NotRun("item-6", "batch_expired",
				"This request could not be executed before the completion window expired."));
	}

	@Test
	void reportsLinesThatSayNothingUsable() {
		assertThat(this.reader.outcomeOf(spool("not json at all")))
			.isInstanceOfSatisfying(BatchLineOutcome.Unreadable.class, (unreadable) -> {
				assertThat(unreadable.customId()).isNull();
				assertThat(unreadable.reason()).contains("not complete JSON");
			});
		assertThat(this.reader.outcomeOf(spool("[1,2]")))
			.isEqualTo(new BatchLineOutcome.Unreadable(null, "the line is not a JSON object"));
		assertThat(this.reader.outcomeOf(spool("{\"response\":{\"status_code\":200,\"body\":{}}}")))
			.isEqualTo(new BatchLineOutcome.Unreadable(null, "the line has no custom_id"));
		assertThat(this.reader.outcomeOf(spool("{\"custom_id\":\"item-7\",\"response\":{\"status_code\":200,")))
			.isInstanceOfSatisfying(BatchLineOutcome.Unreadable.class,
					(unreadable) -> assertThat(unreadable.customId()).isEqualTo("item-7"));
		assertThat(this.reader.outcomeOf(spool("{\"custom_id\":\"item-8\",\"response\":null,\"error\":null}")))
			.isEqualTo(new BatchLineOutcome.Unreadable("item-8", "the line has neither a response nor an error"));
		assertThat(this.reader.outcomeOf(spool("{\"custom_id\":\"item-9\",\"response\":{\"body\":{}}}")))
			.isEqualTo(new BatchLineOutcome.Unreadable("item-9", "the line's response has no status_code"));
		assertThat(this.reader.outcomeOf(spool("{\"custom_id\":\"" + "x".repeat(1001) + "\"}"))).isInstanceOfSatisfying(
				BatchLineOutcome.Unreadable.class,
				(unreadable) -> assertThat(unreadable.reason()).contains("longer than 1000"));
	}

	@Test
	void failsAsPaidASuccessWhoseBodyIsUnusable() {
		// when
		BatchLineOutcome noImages = this.reader.outcomeOf(spool(answered("item-10", 200, "{\"data\":[]}")));
		BatchLineOutcome notAnObject = this.reader.outcomeOf(spool(answered("item-11", 200, "\"done\"")));

		// then
		assertThat(noImages).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.error().paid()).isTrue();
			assertThat(failed.error().code()).isEqualTo("no_images");
		});
		assertThat(notAnObject).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.error().paid()).isTrue();
			assertThat(failed.error().code()).isEqualTo("invalid_response");
		});
	}

	@Test
	void failsAsPaidABodyOverTheResponseLimitWithoutReadingIt() {
		// given: a body twice the limit
		BatchLineReader small = new BatchLineReader("batchy", 100_000, 1_000_000);
		String line = answered("item-12", 200, "{\"data\":[{\"b64_json\":\"" + b64(bytes(150_000)) + "\"}]}");

		// when
		BatchLineOutcome outcome = small.outcomeOf(spool(line));

		// then
		assertThat(outcome).isInstanceOfSatisfying(BatchLineOutcome.Failed.class, (failed) -> {
			assertThat(failed.customId()).isEqualTo("item-12");
			assertThat(failed.error().paid()).isTrue();
			assertThat(failed.error().kind()).isEqualTo(ErrorKind.REJECTED);
			assertThat(failed.error().code()).isEqualTo("response_too_large");
		});
	}

	@Test
	void readsAnImageStringLongerThanAnyTextItReadsAsText() throws IOException {
		// given: 12 MB of base64, more than the longest string read as text (8 MB)
		byte[] image = bytes(9 * 1024 * 1024);
		String line = "{\"response\":{\"status_code\":200,\"body\":{\"data\":[{\"b64_json\":\"" + b64(image)
				+ "\"}]}},\"custom_id\":\"big\"}";

		// when
		BatchLineOutcome outcome = this.reader.outcomeOf(spool(line));

		// then
		assertThat(outcome).isInstanceOf(BatchLineOutcome.Answered.class);
		try (ImageResult result = ((BatchLineOutcome.Answered) outcome).result()) {
			GeneratedImage.Inline inline = (GeneratedImage.Inline) result.images().getFirst();
			assertThat(inline.content().size()).isEqualTo(image.length);
			assertThat(inline.content().sha256()).isEqualTo(Spool.of(image).sha256());
		}
	}

	private static String answered(String customId, int status, String body) {
		return "{\"id\":\"batch_req_" + customId + "\",\"custom_id\":\"" + customId
				+ "\",\"response\":{\"status_code\":" + status + ",\"request_id\":\"req_1\",\"body\":" + body
				+ "},\"error\":null}";
	}

	private static Spool spool(String line) {
		Spool spool = Spool.create(Long.MAX_VALUE);
		try {
			byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
			spool.write(bytes, 0, bytes.length);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return spool;
	}

	private static byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		new Random(count).nextBytes(bytes);
		return bytes;
	}

	private static String b64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
