package io.imagebatch.run;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.system.JsonControlEscapes;
import io.imagebatch.system.Sha256;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of a run's {@code manifest.jsonl} for each item (DESIGN §2.4): its input
 * coordinates, status, stored images, cost and error, as one JSON object. Every field is
 * always there, {@code null} when it does not apply, so that a line can be read without
 * knowing the item's status first; money is a decimal string with six places, as in
 * reports. {@code mode} is how its answered calls were made ({@code sync} or
 * {@code batch}, {@code null} when none was answered), {@code saved_usd} what batch calls
 * saved against synchronous prices ({@code null} for synchronous calls).
 */
final class ManifestFormat {

	/** A manifest may be printed with {@code cat}: no control character stays raw. */
	private final ObjectWriter writer;

	ManifestFormat(JsonMapper json) {
		this.writer = json.writer().with(JsonControlEscapes.INSTANCE);
	}

	/**
	 * The line of one item, without its line break.
	 * @param item the item
	 * @param cost what its calls cost, {@code null} when no call was answered
	 * @return one JSON object
	 */
	String line(ItemSnapshot item, @Nullable ItemCost cost) {
		return this.writer.writeValueAsString(ManifestLine.of(item, cost));
	}

	/**
	 * One line of the manifest. Nulls are written, whatever the mapper's default: a field
	 * that does not apply is there as {@code null}.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(Include.ALWAYS)
	private record ManifestLine(String id, long line, String status, @Nullable String model, @Nullable String size,
			@Nullable String quality, @Nullable String prompt, @Nullable String promptSha256, List<Image> images,
			@Nullable String costUsd, long unpricedImages, int attempts, @Nullable ItemError error,
			@Nullable String retryOf, @Nullable String mode, @Nullable String savedUsd) {

		static ManifestLine of(ItemSnapshot item, @Nullable ItemCost cost) {
			String prompt = item.prompt();
			return new ManifestLine(item.externalId(), item.line(), item.status().name(), item.model(), item.size(),
					item.quality(), prompt,
					(prompt != null) ? Sha256.hex(prompt.getBytes(StandardCharsets.UTF_8)) : null,
					item.images().stream().map(Image::of).toList(),
					(cost != null && cost.usd() != null) ? Cost.format(cost.usd()) : null,
					(cost != null) ? cost.unpricedImages() : 0, item.attempts(), ItemError.of(item), item.retryOf(),
					(cost != null) ? cost.mode().id() : null,
					(cost != null && cost.savedUsd() != null) ? Cost.format(cost.savedUsd()) : null);
		}

		@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
		@JsonInclude(Include.ALWAYS)
		private record Image(int index, String key, String bucket, String sha256, String contentType, long bytes) {

			static Image of(StoredImage image) {
				return new Image(image.index(), image.key(), image.bucket(), image.sha256(), image.contentType(),
						image.bytes());
			}

		}

		@JsonInclude(Include.ALWAYS)
		private record ItemError(String type, @Nullable String code, @Nullable String message) {

			static @Nullable ItemError of(ItemSnapshot item) {
				if (item.errorType() == null) {
					return null;
				}
				// bounded when stored; again for items stored before they were
				return new ItemError(item.errorType().name(), StoredText.code(item.errorCode()),
						(item.errorMessage() != null) ? StoredText.message(item.errorMessage()) : null);
			}

		}

	}

}
