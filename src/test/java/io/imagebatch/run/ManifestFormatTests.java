package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.system.Sha256;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestFormatTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ManifestFormat format = new ManifestFormat(this.json);

	@Test
	void writesEveryFieldOfASucceededItemInAFixedOrder() {
		// given
		ItemSnapshot item = anItem().withImage(0, "run-1/kite/0.png").withImage(1, "run-1/kite/1.png").build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, new ItemCost(new BigDecimal("0.032"), 0)));

		// then
		assertThat(line.propertyNames()).containsExactly("id", "line", "status", "model", "size", "quality", "prompt",
				"prompt_sha256", "images", "cost_usd", "unpriced_images", "attempts", "error", "retry_of", "mode",
				"saved_usd");
		assertThat(line.path("id").asString()).isEqualTo("kite");
		assertThat(line.path("line").asLong()).isEqualTo(2);
		assertThat(line.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(line.path("model").asString()).isEqualTo("dall-e-2");
		assertThat(line.path("size").asString()).isEqualTo("256x256");
		assertThat(line.path("quality").asString()).isEqualTo("standard");
		assertThat(line.path("prompt").asString()).isEqualTo("A red kite");
		assertThat(line.path("cost_usd").asString()).isEqualTo("0.032000");
		assertThat(line.path("unpriced_images").asLong()).isZero();
		assertThat(line.path("attempts").asInt()).isEqualTo(1);
		assertThat(line.path("error").isNull()).isTrue();
		assertThat(line.path("retry_of").isNull()).isTrue();
		assertThat(line.path("images").values()).hasSize(2);
		JsonNode image = line.path("images").path(1);
		assertThat(image.propertyNames()).containsExactly("index", "key", "bucket", "sha256", "content_type", "bytes");
		assertThat(image.path("index").asInt()).isEqualTo(1);
		assertThat(image.path("key").asString()).isEqualTo("run-1/kite/1.png");
		assertThat(image.path("bucket").asString()).isEqualTo("images");
		assertThat(image.path("sha256").asString()).isEqualTo("ab".repeat(32));
		assertThat(image.path("content_type").asString()).isEqualTo("image/png");
		assertThat(image.path("bytes").asLong()).isEqualTo(1234);
	}

	@Test
	void givesTheHexSha256OfThePromptsUtf8() {
		// given
		String prompt = "Café at dusk";
		ItemSnapshot item = anItem().withPrompt(prompt).build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, null));

		// then
		assertThat(line.path("prompt_sha256").asString()).isEqualTo(Sha256.hex(prompt.getBytes(StandardCharsets.UTF_8)))
			.hasSize(64)
			.matches("[0-9a-f]+");
	}

	@Test
	void writesTheErrorOfAFailedItemAndANullCostWhenNoCallWasAnswered() {
		// given
		ItemSnapshot item = anItem().withStatus(ItemStatus.FAILED)
			.withError(ErrorType.REJECTED, "content_policy_violation", "Your request was rejected")
			.build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, null));

		// then
		assertThat(line.path("status").asString()).isEqualTo("FAILED");
		assertThat(line.path("error").path("type").asString()).isEqualTo("REJECTED");
		assertThat(line.path("error").path("code").asString()).isEqualTo("content_policy_violation");
		assertThat(line.path("error").path("message").asString()).isEqualTo("Your request was rejected");
		assertThat(line.path("cost_usd").isNull()).isTrue();
		assertThat(line.path("unpriced_images").asLong()).isZero();
		assertThat(line.path("images").values()).isEmpty();
	}

	@Test
	void writesAnUnknownPriceAsANullCostWithTheImagesItLeavesOut() {
		// given
		ItemSnapshot item = anItem().withImage(0, "run-1/kite/0.png").build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, new ItemCost(null, 1)));

		// then
		assertThat(line.path("cost_usd").isNull()).isTrue();
		assertThat(line.path("unpriced_images").asLong()).isEqualTo(1);
	}

	@Test
	void writesNullsForWhatAnInvalidRowWithoutAPromptDoesNotHave() {
		// given
		ItemSnapshot item = anItem().withStatus(ItemStatus.INVALID)
			.withPrompt(null)
			.withModel(null)
			.withError(ErrorType.INVALID, null, "no prompt")
			.withAttempts(0)
			.build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, null));

		// then
		assertThat(line.path("prompt").isNull()).isTrue();
		assertThat(line.path("prompt_sha256").isNull()).isTrue();
		assertThat(line.path("model").isNull()).isTrue();
		assertThat(line.path("error").path("code").isNull()).isTrue();
		assertThat(line.path("attempts").asInt()).isZero();
	}

	@Test
	void namesTheItemARetryRetriesByItsExternalId() {
		// given
		ItemSnapshot item = anItem().withRetryOf("kite-original").build();

		// when
		JsonNode line = this.json.readTree(this.format.line(item, null));

		// then
		assertThat(line.path("retry_of").asString()).isEqualTo("kite-original");
	}

	@Test
	void keepsEachItemOnOneLineWhateverItsPromptHolds() {
		// given
		ItemSnapshot item = anItem().withPrompt("Poster that reads \"Open\",\r\na second line\u2028and a third")
			.build();

		// when
		String line = this.format.line(item, null);

		// then
		assertThat(line).doesNotContain("\n").doesNotContain("\r");
		assertThat(this.json.readTree(line).path("prompt").asString()).isEqualTo(item.prompt());
	}

	@Test
	void leavesNoControlCharacterRawForATerminalThatPrintsTheManifest() {
		// given: a gateway message with ESC, an 8-bit CSI, DEL and a right-to-left
		// override
		String message = "quota\u001B[2J\u009B2J\u007F\u202Eexe.txt";
		ItemSnapshot item = anItem().withStatus(ItemStatus.FAILED)
			.withError(ErrorType.REJECTED, "bad\u009B31m", message)
			.build();

		// when
		String line = this.format.line(item, null);

		// then
		assertThat(line).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F\\u202A-\\u202E]")
			.contains("\\u001B", "\\u009B", "\\u007F", "\\u202E");
		assertThat(this.json.readTree(line).path("error").path("message").asString()).isEqualTo(message);
	}

	@Test
	void writesEveryFieldEvenWithAMapperThatLeavesNullsOut() {
		// given
		JsonMapper leavesNullsOut = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
		ItemSnapshot item = anItem().withStatus(ItemStatus.INVALID)
			.withPrompt(null)
			.withError(ErrorType.INVALID, null, "no prompt")
			.build();

		// when
		JsonNode line = this.json.readTree(new ManifestFormat(leavesNullsOut).line(item, null));

		// then
		assertThat(line.propertyNames()).containsExactly("id", "line", "status", "model", "size", "quality", "prompt",
				"prompt_sha256", "images", "cost_usd", "unpriced_images", "attempts", "error", "retry_of", "mode",
				"saved_usd");
		assertThat(line.path("error").propertyNames()).containsExactly("type", "code", "message");
	}

	@Test
	void namesABatchCallsModeAndWhatItSaved() {
		// given: an item answered in a provider's batch at half its price of 0.032
		ItemSnapshot item = anItem().withImage(0, "run-1/kite/0.png").build();

		// when
		JsonNode batch = this.json
			.readTree(this.format.line(item, new ItemCost(new BigDecimal("0.016"), 0, CallMode.BATCH)));
		JsonNode sync = this.json.readTree(this.format.line(item, new ItemCost(new BigDecimal("0.032"), 0)));

		// then
		assertThat(batch.path("mode").asString()).isEqualTo("batch");
		assertThat(batch.path("saved_usd").asString()).isEqualTo("0.016000");
		assertThat(sync.path("mode").asString()).isEqualTo("sync");
		assertThat(sync.path("saved_usd").isNull()).isTrue();
	}

	private static ItemBuilder anItem() {
		return new ItemBuilder();
	}

	private static final class ItemBuilder {

		private ItemStatus status = ItemStatus.SUCCEEDED;

		private @Nullable String prompt = "A red kite";

		private @Nullable String model = "dall-e-2";

		private int attempts = 1;

		private @Nullable ErrorType errorType;

		private @Nullable String errorCode;

		private @Nullable String errorMessage;

		private @Nullable String retryOf;

		private final List<StoredImage> images = new ArrayList<>();

		ItemBuilder withStatus(ItemStatus status) {
			this.status = status;
			return this;
		}

		ItemBuilder withPrompt(@Nullable String prompt) {
			this.prompt = prompt;
			return this;
		}

		ItemBuilder withModel(@Nullable String model) {
			this.model = model;
			return this;
		}

		ItemBuilder withAttempts(int attempts) {
			this.attempts = attempts;
			return this;
		}

		ItemBuilder withError(ErrorType type, @Nullable String code, String message) {
			this.errorType = type;
			this.errorCode = code;
			this.errorMessage = message;
			return this;
		}

		ItemBuilder withRetryOf(String externalId) {
			this.retryOf = externalId;
			return this;
		}

		ItemBuilder withImage(int index, String key) {
			this.images.add(new StoredImage(index, "images", key, "image/png", 1234, "ab".repeat(32), "inline", null));
			return this;
		}

		ItemSnapshot build() {
			return new ItemSnapshot(42, "kite", 2, this.status, this.model, "256x256", "standard", this.prompt,
					this.attempts, this.errorType, this.errorCode, this.errorMessage, this.retryOf, this.images);
		}

	}

}
