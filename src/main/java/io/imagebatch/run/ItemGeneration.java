package io.imagebatch.run;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.AnsweredCall;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostEntry;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.gateway.ImageResult;
import io.imagebatch.gateway.Usage;
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
 * Takes one claimed item from call to stored images: the call (with retries), the cost
 * entry the moment the gateway answers, then each image fetched, checked to be an image,
 * and put to S3 at its deterministic key, and finally the item's end state. No database
 * connection is held while the gateway or S3 is being waited on.
 */
@Component
class ItemGeneration {

	private static final Logger logger = LoggerFactory.getLogger(ItemGeneration.class);

	/**
	 * The origin of an image completed from S3 after its process died, without a call.
	 */
	static final String RECOVERED = "recovered";

	/** Size or quality of a model that takes none, in the ledger. */
	static final String NOT_APPLICABLE = "-";

	private final WorkQueue items;

	private final CostLedger ledger;

	private final ModelCatalog catalog;

	private final ObjectKeyTemplate keys;

	private final Clock clock;

	private final CallRetries retries;

	private final RetryTemplate downloadRetries;

	private final RetryTemplate storageRetries;

	ItemGeneration(WorkQueue items, CostLedger ledger, ModelCatalog catalog, ObjectKeyTemplate keys,
			RunProperties properties, Clock clock) {
		this.items = items;
		this.ledger = ledger;
		this.catalog = catalog;
		this.keys = keys;
		this.clock = clock;
		this.retries = new CallRetries(properties, CallRetries.Sleeper.THREAD);
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
	 * Takes one item from call to end state.
	 * @param halted whether the run is stopping: a call waiting to be retried then gives
	 * its item back to the queue
	 */
	ItemOutcome process(Item item, RunContext run, BooleanSupplier halted) {
		if (item.needsCheck()) {
			Optional<ItemOutcome> finished = finishAnsweredCall(item, run);
			if (finished.isPresent()) {
				return finished.get();
			}
		}
		Gateway gateway = run.gatewayFor(item);
		BigDecimal estimate = estimate(item, run);
		if (!run.budget().tryReserve(item, estimate)) {
			this.items.release(item);
			return new ItemOutcome.OverBudget(estimate);
		}
		CallRetries.Attempts attempts = new CallRetries.Attempts(item.attempts());
		ImageResult result;
		try {
			result = this.retries.call(() -> gateway.generate(item.request()), attempts, halted);
		}
		catch (CallRetries.Halted ex) {
			run.budget().settle(item, estimate, BigDecimal.ZERO);
			this.items.release(item);
			return new ItemOutcome.StopRequested();
		}
		catch (GatewayException ex) {
			if (ex.paid()) {
				// accepted and charged for, but the answer was unusable: account for it,
				// never call again
				Cost cost = recordCost(item, run, item.request().n(), null, List.of());
				run.budget().settle(item, estimate, cost.usd());
				return fail(item, attempts.count(), List.of(), errorType(ex.kind()), ex.code(), ex.getMessage());
			}
			run.budget().settle(item, estimate, BigDecimal.ZERO);
			if (ex.kind() == ErrorKind.FATAL) {
				this.items.release(item);
				return new ItemOutcome.Fatal(gateway.name(), ex);
			}
			return fail(item, attempts.count(), List.of(), errorType(ex.kind()), ex.code(), ex.getMessage());
		}
		try (result) {
			Cost cost = recordCost(item, run, result.images().size(), result.usage(), urls(result));
			run.budget().settle(item, estimate, cost.usd());
			SortedMap<Integer, GeneratedImage> images = new TreeMap<>();
			for (int index = 0; index < result.images().size(); index++) {
				images.put(index, result.images().get(index));
			}
			return storeOrFail(item, attempts.count(), run, gateway, images, result.images().size(), cost,
					new ArrayList<>());
		}
	}

	/**
	 * Finishes the call a dead process was answered for, without paying again: images
	 * already in S3 with this item's metadata are taken as they are, the others are
	 * downloaded from the URLs the gateway answered with (they live about an hour). Empty
	 * when no call was answered, or an image is neither in S3 nor at a URL (it came
	 * inline and died with the process): then the gateway is called again.
	 */
	private Optional<ItemOutcome> finishAnsweredCall(Item item, RunContext run) {
		Optional<AnsweredCall> answered = this.ledger.lastAnswered(item.id());
		if (answered.isEmpty()) {
			return Optional.empty();
		}
		AnsweredCall call = answered.get();
		ImageFormat format = expectedFormat(item.request());
		List<StoredImage> stored = new ArrayList<>();
		SortedMap<Integer, GeneratedImage> toDownload = new TreeMap<>();
		for (int index = 0; index < call.images(); index++) {
			Optional<StoredObject> object = run.store().find(key(item, index, format));
			if (object.isPresent() && item.runId().equals(object.get().metadata().get("run"))
					&& ascii(item.externalId()).equals(object.get().metadata().get("item"))) {
				StoredObject found = object.get();
				stored.add(new StoredImage(index, found.bucket(), found.key(), found.contentType(), found.bytes(),
						found.sha256(), RECOVERED, null));
			}
			else if (index < call.imageUrls().size()) {
				toDownload.put(index, new GeneratedImage.Remote(call.imageUrls().get(index), null));
			}
			else {
				logger.debug("Item {} of run {}: image {} of its answered call is lost; calling again",
						item.externalId(), item.runId(), index);
				return Optional.empty();
			}
		}
		return Optional.of(storeOrFail(item, item.attempts(), run, run.gatewayFor(item), toDownload, call.images(),
				call.cost(), stored));
	}

	/** The format a call's images were stored in: the one asked for, PNG by default. */
	private static ImageFormat expectedFormat(ImageRequest request) {
		return switch ((request.outputFormat() != null) ? request.outputFormat() : "png") {
			case "jpeg", "jpg" -> ImageFormat.JPEG;
			case "webp" -> ImageFormat.WEBP;
			default -> ImageFormat.PNG;
		};
	}

	private BigDecimal estimate(Item item, RunContext run) {
		ImageRequest request = item.request();
		return run.prices()
			.estimate(catalogId(request), orNotApplicable(request.size()), orNotApplicable(request.quality()),
					request.n());
	}

	private String catalogId(ImageRequest request) {
		return this.catalog.find(request.model()).map(Model::id).orElse(request.model());
	}

	private Cost recordCost(Item item, RunContext run, int images, @Nullable Usage usage, List<String> urls) {
		ImageRequest request = item.request();
		String model = catalogId(request);
		String size = orNotApplicable(request.size());
		String quality = orNotApplicable(request.quality());
		Cost cost = run.prices().costOf(model, size, quality, images, usage);
		this.ledger.record(new CostEntry(run.runId(), item.id(), model, size, quality, images, cost, usage,
				(urls.size() == images) ? urls : List.of(), this.clock.instant()));
		return cost;
	}

	/**
	 * The answer's image URLs, recorded with its cost so that a restart can download them
	 * without paying again; none when any of them is not a plausible URL (it fails its
	 * item anyway, and untrusted text has no place in the ledger).
	 */
	private static List<String> urls(ImageResult result) {
		List<String> urls = new ArrayList<>();
		for (GeneratedImage image : result.images()) {
			if (!(image instanceof GeneratedImage.Remote remote) || !plausibleUrl(remote.url())) {
				return List.of();
			}
			urls.add(remote.url());
		}
		return urls;
	}

	private static boolean plausibleUrl(String url) {
		try {
			URI uri = new URI(url);
			return uri.isAbsolute() && url.chars().allMatch((c) -> c > 0x20 && c < 0x7F);
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Stores the images; whatever goes wrong that nobody foresaw fails this item only,
	 * never the run (the call is in the ledger already).
	 */
	private ItemOutcome storeOrFail(Item item, int attempts, RunContext run, Gateway gateway,
			SortedMap<Integer, GeneratedImage> images, int total, Cost cost, List<StoredImage> stored) {
		try {
			return store(item, attempts, run, gateway, images, total, cost, stored);
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
	 * Downloads (for URLs) and puts each image to S3 the moment it is at hand, then
	 * records the item with every image stored for it.
	 * @param images the images to store, by index
	 * @param total how many images the call returned, stored before or not
	 * @param stored images of the call already in S3; added to as images are stored
	 */
	private ItemOutcome store(Item item, int attempts, RunContext run, Gateway gateway,
			SortedMap<Integer, GeneratedImage> images, int total, Cost cost, List<StoredImage> stored) {
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
				stored.add(new StoredImage(index, put.bucket(), put.key(), put.contentType(), put.bytes(), put.sha256(),
						origin, image.revisedPrompt()));
			}
			catch (GatewayException ex) {
				return fail(item, attempts, stored, errorType(ex.kind()), ex.code(), ex.getMessage());
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
		return new ItemOutcome.Settled(ItemStatus.SUCCEEDED);
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
		metadata.put("size", orNotApplicable(request.size()));
		metadata.put("quality", orNotApplicable(request.quality()));
		metadata.put("prompt-sha256", Sha256.hex(request.prompt().getBytes(StandardCharsets.UTF_8)));
		BigDecimal usd = cost.usd();
		metadata.put("cost-usd", (usd != null)
				? Cost.format(usd.divide(BigDecimal.valueOf(images), Cost.SCALE, RoundingMode.HALF_UP)) : "unknown");
		metadata.put("cost-basis", cost.basis().name().toLowerCase(java.util.Locale.ROOT));
		metadata.put("origin", origin);
		return metadata;
	}

	private ItemOutcome fail(Item item, int attempts, List<StoredImage> stored, ErrorType type, @Nullable String code,
			@Nullable String message) {
		this.items.fail(item, attempts, stored, type, code, (message != null) ? message : type.name());
		return new ItemOutcome.Settled(ItemStatus.FAILED);
	}

	private static ErrorType errorType(ErrorKind kind) {
		return switch (kind) {
			case REJECTED -> ErrorType.REJECTED;
			case EXPIRED -> ErrorType.EXPIRED;
			case TRANSIENT, RATE_LIMITED, FATAL -> ErrorType.TRANSIENT;
		};
	}

	private static String orNotApplicable(@Nullable String value) {
		return (value != null) ? value : NOT_APPLICABLE;
	}

	/** S3 user metadata must be ASCII: anything else is percent-encoded. */
	private static String ascii(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c < 0x7F) ? value
				: java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
