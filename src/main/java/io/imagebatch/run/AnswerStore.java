package io.imagebatch.run;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostKey;
import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.storage.ImageFormat;
import io.imagebatch.storage.ImageObject;
import io.imagebatch.storage.ObjectKeyTemplate;
import io.imagebatch.storage.StorageException;
import io.imagebatch.storage.StoredObject;
import io.imagebatch.system.Sha256;
import io.imagebatch.system.Spool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * Stores a gateway's answer: each image fetched (downloaded, or the inline bytes),
 * checked to be an image, and put to S3 at its deterministic key, then the item's end
 * state. No database connection is held while the gateway or S3 is being waited on.
 */
@Component
class AnswerStore {

	private static final Logger logger = LoggerFactory.getLogger(AnswerStore.class);

	private final WorkQueue items;

	private final ObjectKeyTemplate keys;

	private final RetryTemplate downloadRetries;

	private final RetryTemplate storageRetries;

	private final ModelCatalog catalog;

	private final CallEvents events;

	AnswerStore(WorkQueue items, ObjectKeyTemplate keys, RunProperties properties, ModelCatalog catalog,
			CallEvents events) {
		this.items = items;
		this.keys = keys;
		this.catalog = catalog;
		this.events = events;
		this.downloadRetries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.maxAttempts() - 1)
			.delay(Duration.ZERO)
			.predicate((ex) -> ex instanceof GatewayException gateway && gateway.kind() == ErrorKind.TRANSIENT
					&& !"download_timeout".equals(gateway.code()))
			.build());
		this.storageRetries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.storageAttempts() - 1)
			.delay(properties.initialBackoff())
			.multiplier(2)
			.maxDelay(properties.maxBackoff())
			.includes(StorageException.class)
			.build());
	}

	/**
	 * Stores the images and settles the item; whatever goes wrong that nobody foresaw
	 * fails this item only, never the run (the call is in the ledger already).
	 * @param images the images to store, by index
	 * @param total how many images the call returned, stored before or not
	 * @param stored images of the call already in S3; added to as images are stored
	 * @param answeredAt when the gateway answered, by {@link System#nanoTime()}; empty
	 * when a process before this one received the answer
	 */
	ItemOutcome store(Item item, int attempts, RunContext run, Gateway gateway,
			SortedMap<Integer, GeneratedImage> images, int total, Cost cost, List<StoredImage> stored,
			OptionalLong answeredAt) {
		try {
			return storeEach(item, attempts, run, gateway, images, total, cost, stored, answeredAt);
		}
		catch (RuntimeException ex) {
			logger.error("Item {} of run {} failed unexpectedly after its call was recorded", item.id(), run.runId(),
					ex);
			return fail(item, attempts, stored, ErrorType.TRANSIENT, "unexpected_error",
					"Storing the answer failed unexpectedly (" + ex.getClass().getSimpleName()
							+ "); the call is in the cost ledger, resubmit the item");
		}
	}

	/**
	 * An image of the item already in S3, put there by an earlier process for the same
	 * run and item (its metadata says so).
	 */
	Optional<StoredObject> storedBefore(Item item, int index, RunContext run) {
		return run.store()
			.find(key(item, index, expectedFormat(item.request())))
			.filter((object) -> item.runId().equals(object.metadata().get("run"))
					&& ascii(item.externalId()).equals(object.metadata().get("item")));
	}

	/** Fails the item for good, keeping the images stored for it. */
	ItemOutcome fail(Item item, int attempts, List<StoredImage> stored, GatewayException ex) {
		return fail(item, attempts, stored, ErrorType.of(ex.kind()), ex.code(), ex.getMessage());
	}

	/**
	 * Downloads (for URLs) and puts each image to S3 the moment it is at hand, then
	 * records the item with every image stored for it.
	 */
	private ItemOutcome storeEach(Item item, int attempts, RunContext run, Gateway gateway,
			SortedMap<Integer, GeneratedImage> images, int total, Cost cost, List<StoredImage> stored,
			OptionalLong answeredAt) {
		for (Map.Entry<Integer, GeneratedImage> entry : images.entrySet()) {
			int index = entry.getKey();
			GeneratedImage image = entry.getValue();
			try (Spool content = fetch(gateway, image)) {
				Optional<ImageFormat> format = ImageFormat.sniff(content.head(16));
				if (format.isEmpty()) {
					return fail(item, attempts, stored, ErrorType.REJECTED, "not_an_image", "Image " + index
							+ " is not PNG, JPEG or WebP (" + content.size() + " bytes); nothing was stored for it");
				}
				String origin = (image instanceof GeneratedImage.Remote) ? "url" : "inline";
				ImageObject object = new ImageObject(key(item, index, format.get()), content, format.get(),
						objectMetadata(item, index, cost, total, origin));
				StoredObject put = putWithRetries(run, object);
				imageStored(gateway, item.request(), answeredAt);
				stored.add(new StoredImage(index, put.bucket(), put.key(), put.contentType(), put.bytes(), put.sha256(),
						origin, image.revisedPrompt()));
			}
			catch (GatewayException ex) {
				return fail(item, attempts, stored, ex);
			}
			catch (StorageException ex) {
				return fail(item, attempts, stored, ErrorType.STORAGE, "storage_unavailable", ex.getMessage());
			}
			catch (IOException ex) {
				return fail(item, attempts, stored, ErrorType.TRANSIENT, "spool_unreadable",
						"Image " + index + " could not be read back from its temporary file: " + ex.getMessage());
			}
		}
		stored.sort(Comparator.comparingInt(StoredImage::index));
		this.items.complete(item, attempts, stored);
		return new ItemOutcome.Settled(ItemStatus.SUCCEEDED, null);
	}

	private void imageStored(Gateway gateway, ImageRequest request, OptionalLong answeredAt) {
		this.events.publish(new CallEvent.ImageStored(gateway.name(), CostKey.of(request, this.catalog).model(),
				CostKey.orNotApplicable(request.size()), CostKey.orNotApplicable(request.quality()),
				answeredAt.isPresent() ? Duration.ofNanos(System.nanoTime() - answeredAt.getAsLong()) : null));
	}

	/**
	 * URLs expire within the hour: a broken download is retried at once, a few times. A
	 * download that ran out of time is not: another would take as long.
	 */
	private Spool fetch(Gateway gateway, GeneratedImage image) {
		return retry(this.downloadRetries, () -> gateway.bytesOf(image));
	}

	/**
	 * S3 may be briefly unavailable: the bytes are held and the put retried with backoff.
	 */
	private StoredObject putWithRetries(RunContext run, ImageObject object) {
		return retry(this.storageRetries, () -> run.store().put(object));
	}

	private static <T> T retry(RetryTemplate retries, Retryable<T> action) {
		try {
			return retries.execute(action);
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof RuntimeException last) {
				throw last;
			}
			throw new IllegalStateException(ex.getLastException());
		}
	}

	/** The format a call's images were stored in: the one asked for, PNG by default. */
	private static ImageFormat expectedFormat(ImageRequest request) {
		return switch ((request.outputFormat() != null) ? request.outputFormat() : "png") {
			case "jpeg", "jpg" -> ImageFormat.JPEG;
			case "webp" -> ImageFormat.WEBP;
			default -> ImageFormat.PNG;
		};
	}

	private String key(Item item, int index, ImageFormat format) {
		ImageRequest request = item.request();
		return this.keys.imageKey(item.runId(), item.externalId(), index, format.extension(), request.model(),
				request.size(), request.quality(), item.metadata());
	}

	private static Map<String, String> objectMetadata(Item item, int index, Cost cost, int images, String origin) {
		ImageRequest request = item.request();
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("run", item.runId());
		metadata.put("item", ascii(item.externalId()));
		metadata.put("index", Integer.toString(index));
		metadata.put("model", ascii(request.model()));
		metadata.put("size", CostKey.orNotApplicable(request.size()));
		metadata.put("quality", CostKey.orNotApplicable(request.quality()));
		metadata.put("prompt-sha256", Sha256.hex(request.prompt().getBytes(StandardCharsets.UTF_8)));
		BigDecimal usd = cost.usd();
		metadata.put("cost-usd", (usd != null)
				? Cost.format(usd.divide(BigDecimal.valueOf(images), Cost.SCALE, RoundingMode.HALF_UP)) : "unknown");
		metadata.put("cost-basis", cost.basis().name().toLowerCase(Locale.ROOT));
		metadata.put("origin", origin);
		return metadata;
	}

	ItemOutcome fail(Item item, int attempts, List<StoredImage> stored, ErrorType type, @Nullable String code,
			@Nullable String message) {
		this.items.fail(item, attempts, stored, type, code, (message != null) ? message : type.name());
		return new ItemOutcome.Settled(ItemStatus.FAILED, type);
	}

	/** S3 user metadata must be ASCII: anything else is percent-encoded. */
	private static String ascii(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c < 0x7F) ? value
				: URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
