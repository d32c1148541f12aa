package io.imagebatch.storage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObjectKeyTemplateTests {

	private static final ObjectKeyTemplate DEFAULT = new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, "images/");

	@Test
	void rendersTheDefaultLayoutUnderThePrefix() {
		// when
		String key = DEFAULT.render(anImage().item("sku-42").index(2).build(), Map.of());

		// then
		assertThat(key).isEqualTo("images/run-7/sku-42/2.png");
	}

	@Test
	void leavesThePrefixAsConfigured() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate(ObjectKeyTemplate.DEFAULT, "team a/out/");

		// when
		String key = template.render(anImage().build(), Map.of());

		// then
		assertThat(key).isEqualTo("team a/out/run-7/sku-1/0.png");
	}

	@Test
	void percentEncodesTheUtf8OfCharactersThatAreNotSafeInAKey() {
		// when
		String key = DEFAULT.render(anImage().item("a/b c é").build(), Map.of());

		// then
		assertThat(key).isEqualTo("images/run-7/a%2Fb%20c%20%C3%A9/0.png");
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "../../etc", "a/../../b", "/", "a/b" })
	void keepsEveryIdInsideItsRunsFolder(String id) {
		// when
		String key = DEFAULT.render(anImage().item(id).build(), Map.of());

		// then
		String item = key.substring("images/run-7/".length(), key.lastIndexOf('/'));
		assertThat(key).startsWith("images/run-7/").endsWith("/0.png");
		assertThat(item).doesNotContain("/").isNotIn(".", "..");
	}

	@Test
	void encodesAnIdOfDotsWholeSoThatItNamesNoFolder() {
		// when
		String dot = DEFAULT.render(anImage().item(".").build(), Map.of());
		String dotDot = DEFAULT.render(anImage().item("..").build(), Map.of());

		// then
		assertThat(dot).isEqualTo("images/run-7/%2E/0.png");
		assertThat(dotDot).isEqualTo("images/run-7/%2E%2E/0.png");
	}

	@Test
	void givesDifferentIdsDifferentKeys() {
		// given
		List<String> ids = List.of("a/b", "a%2Fb", "a%252Fb", "a b", "a+b", "a%20b", "a_b", ".", "_.", "%2E", "..",
				"_..", "%2E%2E", "_", "é", "%C3%A9", "e\u0301", "A", "a", "manifest.jsonl", "manifest%2Ejsonl",
				"manifest.jsonl_");

		// when
		Map<String, String> keys = new HashMap<>();
		ids.forEach((id) -> keys.put(id, DEFAULT.render(anImage().item(id).build(), Map.of())));

		// then
		Set<String> distinct = keys.values().stream().collect(Collectors.toSet());
		assertThat(distinct).as("keys of %s", keys).hasSameSizeAs(ids);
	}

	@Test
	void rendersTheSameKeyForTheSameImageEveryTime() {
		// given
		Map<String, String> image = anImage().item("ü/1").build();

		// when
		String first = DEFAULT.render(image, Map.of());
		String second = DEFAULT.render(image, Map.of());

		// then
		assertThat(first).isEqualTo(second);
	}

	@Test
	void resolvesAMetadataPlaceholderFromTheInputColumns() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{category}/{item}-{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of("category", "red shoes"));

		// then
		assertThat(key).isEqualTo("red%20shoes/sku-1-0.png");
	}

	@Test
	void rendersAMissingMetadataValueAsAnUnderscore() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{category}/{item}-{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of());

		// then
		assertThat(key).isEqualTo("_/sku-1-0.png");
	}

	@Test
	void letsTheImagesCoordinatesWinOverAMetadataColumnOfTheSameName() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{item}/{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of("item", "from-metadata"));

		// then
		assertThat(key).isEqualTo("sku-1/0.png");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{prefix}{run}/{index}.{ext}", "{prefix}{run}/{item}.{ext}", "{prefix}{run}.png" })
	void refusesATemplateWithoutTheItemAndTheIndex(String template) {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new ObjectKeyTemplate(template, ""))
			.withMessageContaining("imagebatch.storage.key-template")
			.withMessageContaining(template);
	}

	@Test
	void refusesATemplateWithAMalformedPlaceholder() {
		// when / then
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ObjectKeyTemplate("{item}/{index}/{Category}.{ext}", ""))
			.withMessageContaining("imagebatch.storage.key-template");
	}

	@Test
	void putsTheManifestInTheRunsFolderUnderThePrefixWhateverTheImageLayout() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{model}/{item}-{index}.{ext}", "images/");

		// when
		String key = template.manifestKey("run-7");

		// then
		assertThat(key).isEqualTo("images/run-7/manifest.jsonl");
		assertThat(template.runFolder("run-7")).isEqualTo("images/run-7/");
	}

	@Test
	void encodesAnIdNamedLikeTheManifestSoThatItsImagesNeverStandWhereTheManifestGoes() {
		// when
		String key = DEFAULT.render(anImage().item("manifest.jsonl").build(), Map.of());

		// then
		assertThat(key).isEqualTo("images/run-7/manifest%2Ejsonl/0.png");
		assertThat(key).doesNotStartWith(DEFAULT.manifestKey("run-7"));
	}

	@Test
	void encodesASegmentThatValuesMakeIntoTheManifestsName() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{prefix}{run}/{name}.{kind}/{item}/{index}.{ext}", "");

		// when
		String key = template.render(anImage().build(), Map.of("name", "manifest", "kind", "jsonl"));

		// then
		assertThat(key).isEqualTo("run-7/manifest%2Ejsonl/sku-1/0.png");
	}

	@Test
	void findsNothingTooLongInTheKeysOfAnOrdinaryItem() {
		// when
		Optional<String> why = DEFAULT.whyTooLong("sku-1", 10, "dall-e-2", "256x256", null, Map.of());

		// then
		assertThat(why).isEmpty();
	}

	@Test
	void refusesAnIdWhoseSegmentAFileSystemStoreWouldRefuseCountingTheBytesOfItsEncoding() {
		// given: 'é' is two bytes of UTF-8, six once percent-encoded
		String fits = "é".repeat(42) + "abc";
		String tooLong = "é".repeat(43);

		// when
		Optional<String> accepted = DEFAULT.whyTooLong(fits, 1, "dall-e-2", null, null, Map.of());
		Optional<String> refused = DEFAULT.whyTooLong(tooLong, 1, "dall-e-2", null, null, Map.of());

		// then
		assertThat(accepted).isEmpty();
		assertThat(refused).contains(
				"its segment {item} would have 258 bytes once percent-encoded; S3 and file-system stores take at most 255");
	}

	@Test
	void checksTheKeysForTheLongestRunIdExtensionAndIndex() {
		// given: 40 for the run id, 2 for the index of the 11th image, 4 for webp
		ObjectKeyTemplate template = new ObjectKeyTemplate("{prefix}{run}/{item}-{index}.{ext}", "");

		// when
		Optional<String> fits = template.whyTooLong("i".repeat(248), 10, "dall-e-2", null, null, Map.of());
		Optional<String> tooLong = template.whyTooLong("i".repeat(248), 11, "dall-e-2", null, null, Map.of());

		// then
		assertThat(fits).isEmpty();
		assertThat(tooLong).contains("its segment {item}-{index}.{ext} would have 256 bytes once percent-encoded;"
				+ " S3 and file-system stores take at most 255");
	}

	@Test
	void refusesKeysLongerThanS3TakesCountingThePrefixAndTheColumnsInTheTemplate() {
		// given
		ObjectKeyTemplate template = new ObjectKeyTemplate("{prefix}{run}/{category}/{item}/{index}.{ext}",
				"a".repeat(250) + "/" + "b".repeat(250) + "/");
		Map<String, String> metadata = Map.of("category", "c".repeat(255));

		// when
		Optional<String> fits = template.whyTooLong("i".repeat(218), 1, "dall-e-2", null, null, metadata);
		Optional<String> tooLong = template.whyTooLong("i".repeat(219), 1, "dall-e-2", null, null, metadata);

		// then: 250 + 250 + 40 + 255 + 218 + 6 and five slashes make 1024
		assertThat(fits).isEmpty();
		assertThat(tooLong).contains("it would have 1025 bytes once percent-encoded; S3 takes at most 1024");
	}

	private static ImageCoordinates anImage() {
		return new ImageCoordinates();
	}

	private static final class ImageCoordinates {

		private final Map<String, String> values = new LinkedHashMap<>(
				Map.of("run", "run-7", "item", "sku-1", "index", "0", "ext", "png"));

		ImageCoordinates item(String item) {
			this.values.put("item", item);
			return this;
		}

		ImageCoordinates index(int index) {
			this.values.put("index", Integer.toString(index));
			return this;
		}

		Map<String, String> build() {
			return Map.copyOf(this.values);
		}

	}

}
