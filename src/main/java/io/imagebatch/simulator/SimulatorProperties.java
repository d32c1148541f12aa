package io.imagebatch.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the built-in gateway simulator behaves, bound from {@code imagebatch.simulator}.
 * The defaults answer every valid request at once: no limits and no faults. Besides the
 * faults of a busy gateway (limits, server errors, dropped and slow answers) it can play
 * a hostile one: throttling forever, dripping or endless bodies, huge images, keys echoed
 * in error messages, hostile error texts and image URLs that lead elsewhere. Everything
 * except {@code url-lifetime}, {@code url-store-capacity} and {@code ledger-capacity} can
 * be changed while the simulator runs ({@link GatewaySimulator#reconfigure} or
 * {@code PUT /admin/config}).
 *
 * @param latency the least time before each answer
 * @param latencyJitter extra time added at random, uniformly in {@code [0, jitter]}
 * @param urlLifetime how long a {@code url} image stays downloadable
 * @param rejectMarker a prompt containing this (ignoring case) is rejected for content
 * policy; blank turns rejection off
 * @param apiKeys the bearer keys accepted; empty accepts any non-empty key
 * @param urlStoreCapacity how much memory {@code url} images may hold; the oldest are
 * evicted first
 * @param requestsPerMinute generation requests allowed per minute and API key; 0 is
 * unlimited
 * @param imagesPerMinute images allowed per minute and API key (a request for {@code n}
 * images takes {@code n}); 0 is unlimited
 * @param rateLimitBurst how many requests (and images) a rested key may spend at once; 0
 * means a full minute's worth, as OpenAI allows
 * @param errorRate the fraction of valid generation requests answered 500, 502 or 503
 * @param dropRate the fraction of valid generation requests whose connection is closed
 * without any answer
 * @param slowRate the fraction of valid generation requests that take {@code slowLatency}
 * instead of the normal latency
 * @param slowLatency how long a slow request takes
 * @param modelLatency latency by model id, replacing {@code latency} for that model
 * (jitter still applies)
 * @param creditImages how many images the account may generate in total; -1 is unlimited,
 * and once spent every generation answers 402
 * @param forbiddenKeys bearer keys answered 403, as a key without access to the models
 * @param seed makes the random fault choices (and jitter) reproducible; {@code null}
 * seeds from entropy
 * @param ledgerCapacity the most generated-image records the ledger keeps; later images
 * are only counted
 * @param throttleRate the fraction of valid generation requests answered 429 whatever the
 * rate limits say; 1 is a gateway that is rate limited forever
 * @param throttleRetryAfter the {@code Retry-After} those 429s carry
 * @param dripRate the fraction of successful generation answers whose status and headers
 * go out at once and whose body follows one byte every {@code drip-interval}
 * @param downloadDripRate the same for {@code url} image downloads
 * @param dripInterval the pause between two bytes of a dripping body
 * @param endlessRate the fraction of valid generation requests answered 200 with a body
 * that never ends (the start of a {@code b64_json} answer, then base64 forever)
 * @param downloadEndlessRate the same for {@code url} image downloads (a PNG signature,
 * then bytes forever)
 * @param endlessBodyLimit where an endless body stops after all, unless the client hung
 * up first; it is streamed, never held
 * @param padImagesTo pads every served image to this many bytes with a private ancillary
 * PNG chunk (still a valid PNG), streamed as it is written; 0 turns padding off
 * @param imageUrl the {@code url} value of {@code url} images, a template with
 * {@code {base}} (the simulator's root), {@code {port}}, {@code {token}} and
 * {@code {path}} ({@code /files/<token>.png}); blank means {@code {base}{path}}. Point it
 * at another port, a name, {@code {base}/redirect?to=...} or a malformed URL to test a
 * client's checks
 * @param echoKey 400 and 401 error messages quote the request's bearer key verbatim, as
 * careless gateways do
 * @param ansiErrors error messages carry ANSI escape sequences (clear screen, cursor up)
 * and a carriage return followed by a fake success line
 * @param errorCodeLength pads every error's {@code error.code} to this many characters; 0
 * leaves codes alone
 * @param errorMessageSize pads every error's {@code error.message} to this many bytes,
 * streamed; 0 leaves messages alone
 * @param batchProcessingTime the least time a batch stays {@code in_progress}: its lines
 * are spread evenly over it (line {@code i} of {@code n} starts no sooner than
 * {@code i/n} of it), and the batch finalizes when it is over; 0 runs lines as fast as
 * they go
 * @param batchExpireAfterLines a batch expires after executing this many lines (the rest
 * are answered {@code batch_expired}); -1 never expires
 * @param batchMaxFileSize the largest file {@code POST /v1/files} takes (413 beyond)
 */
@ConfigurationProperties("imagebatch.simulator")
public record SimulatorProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0ms") Duration latencyJitter,
		@DefaultValue("1h") Duration urlLifetime, @DefaultValue("#reject") String rejectMarker,
		@DefaultValue List<String> apiKeys, @DefaultValue("256MB") DataSize urlStoreCapacity,
		@DefaultValue("0") int requestsPerMinute, @DefaultValue("0") int imagesPerMinute,
		@DefaultValue("0") int rateLimitBurst, @DefaultValue("0") double errorRate, @DefaultValue("0") double dropRate,
		@DefaultValue("0") double slowRate, @DefaultValue("30s") Duration slowLatency,
		@DefaultValue Map<String, Duration> modelLatency, @DefaultValue("-1") long creditImages,
		@DefaultValue List<String> forbiddenKeys, @Nullable Long seed, @DefaultValue("1000000") int ledgerCapacity,
		@DefaultValue("0") double throttleRate, @DefaultValue("1s") Duration throttleRetryAfter,
		@DefaultValue("0") double dripRate, @DefaultValue("0") double downloadDripRate,
		@DefaultValue("1s") Duration dripInterval, @DefaultValue("0") double endlessRate,
		@DefaultValue("0") double downloadEndlessRate, @DefaultValue("10GB") DataSize endlessBodyLimit,
		@DefaultValue("0B") DataSize padImagesTo, @DefaultValue("") String imageUrl,
		@DefaultValue("false") boolean echoKey, @DefaultValue("false") boolean ansiErrors,
		@DefaultValue("0") int errorCodeLength, @DefaultValue("0B") DataSize errorMessageSize,
		@DefaultValue("0s") Duration batchProcessingTime, @DefaultValue("-1") int batchExpireAfterLines,
		@DefaultValue("512MB") DataSize batchMaxFileSize) {

	private static final String PREFIX = "imagebatch.simulator.";

	/**
	 * The largest padded image: one PNG chunk holds it, and a test that needs more is
	 * testing something else.
	 */
	static final long MAX_PADDED_IMAGE = 1024L * 1024 * 1024;

	/** The longest {@code error.code} padding, far beyond any column a client keeps. */
	static final int MAX_ERROR_CODE_LENGTH = 1_000_000;

	public SimulatorProperties {
		// Fail at start-up (or at the admin call) with the property's name rather than at
		// the first request.
		requireNotNegative("latency", latency);
		requireNotNegative("latency-jitter", latencyJitter);
		if (urlLifetime.isNegative() || urlLifetime.isZero()) {
			throw new IllegalArgumentException(PREFIX + "url-lifetime must be positive, was " + urlLifetime);
		}
		if (urlStoreCapacity.toBytes() <= 0) {
			throw new IllegalArgumentException(PREFIX + "url-store-capacity must be positive, was " + urlStoreCapacity);
		}
		requireRateLimit("requests-per-minute", requestsPerMinute);
		requireRateLimit("images-per-minute", imagesPerMinute);
		requireRateLimit("rate-limit-burst", rateLimitBurst);
		requireFraction("error-rate", errorRate);
		requireFraction("drop-rate", dropRate);
		requireFraction("slow-rate", slowRate);
		requireNotNegative("slow-latency", slowLatency);
		modelLatency.forEach((model, value) -> requireNotNegative("model-latency[" + model + "]", value));
		if (creditImages < -1) {
			throw new IllegalArgumentException(
					PREFIX + "credit-images must be -1 (unlimited) or more, was " + creditImages);
		}
		requireNotNegative("ledger-capacity", ledgerCapacity);
		requireFraction("throttle-rate", throttleRate);
		requireNotNegative("throttle-retry-after", throttleRetryAfter);
		requireFraction("drip-rate", dripRate);
		requireFraction("download-drip-rate", downloadDripRate);
		requireNotNegative("drip-interval", dripInterval);
		requireFraction("endless-rate", endlessRate);
		requireFraction("download-endless-rate", downloadEndlessRate);
		if (endlessBodyLimit.toBytes() <= 0) {
			throw new IllegalArgumentException(PREFIX + "endless-body-limit must be positive, was " + endlessBodyLimit);
		}
		requireBetween("pad-images-to", padImagesTo.toBytes(), MAX_PADDED_IMAGE);
		requireBetween("error-code-length", errorCodeLength, MAX_ERROR_CODE_LENGTH);
		requireBetween("error-message-size", errorMessageSize.toBytes(), MAX_PADDED_IMAGE);
		requireNotNegative("batch-processing-time", batchProcessingTime);
		if (batchExpireAfterLines < -1) {
			throw new IllegalArgumentException(
					PREFIX + "batch-expire-after-lines must be -1 (never) or more, was " + batchExpireAfterLines);
		}
		if (batchMaxFileSize.toBytes() <= 0) {
			throw new IllegalArgumentException(
					PREFIX + "batch-max-file-size must be positive, was " + batchMaxFileSize);
		}
		apiKeys = List.copyOf(apiKeys);
		forbiddenKeys = List.copyOf(forbiddenKeys);
		modelLatency = Map.copyOf(modelLatency);
	}

	/** The defaults as configuration would bind them, for tests and the CLI. */
	public static SimulatorProperties defaults() {
		return new SimulatorProperties(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), "#reject", List.of(),
				DataSize.ofMegabytes(256), 0, 0, 0, 0, 0, 0, Duration.ofSeconds(30), Map.of(), -1, List.of(), null,
				1_000_000, 0, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(1), 0, 0, DataSize.ofGigabytes(10),
				DataSize.ofBytes(0), "", false, false, 0, DataSize.ofBytes(0), Duration.ZERO, -1,
				DataSize.ofMegabytes(512));
	}

	/** The latency for a model: its own when configured, otherwise {@code latency}. */
	Duration latencyFor(String modelId) {
		return this.modelLatency.getOrDefault(modelId, this.latency);
	}

	/** The request bucket's capacity, or 0 when requests are unlimited. */
	long requestBurst() {
		return burst(this.requestsPerMinute);
	}

	/** The image bucket's capacity, or 0 when images are unlimited. */
	long imageBurst() {
		return burst(this.imagesPerMinute);
	}

	private long burst(int perMinute) {
		return (perMinute == 0) ? 0 : ((this.rateLimitBurst > 0) ? this.rateLimitBurst : perMinute);
	}

	public SimulatorProperties withLatency(Duration latency, Duration latencyJitter) {
		return builder().latency(latency).latencyJitter(latencyJitter).build();
	}

	public SimulatorProperties withUrlLifetime(Duration urlLifetime) {
		return builder().urlLifetime(urlLifetime).build();
	}

	public SimulatorProperties withRejectMarker(String rejectMarker) {
		return builder().rejectMarker(rejectMarker).build();
	}

	public SimulatorProperties withApiKeys(List<String> apiKeys) {
		return builder().apiKeys(apiKeys).build();
	}

	public SimulatorProperties withUrlStoreCapacity(DataSize urlStoreCapacity) {
		return builder().urlStoreCapacity(urlStoreCapacity).build();
	}

	public SimulatorProperties withRequestsPerMinute(int requestsPerMinute) {
		return builder().requestsPerMinute(requestsPerMinute).build();
	}

	public SimulatorProperties withImagesPerMinute(int imagesPerMinute) {
		return builder().imagesPerMinute(imagesPerMinute).build();
	}

	public SimulatorProperties withRateLimitBurst(int rateLimitBurst) {
		return builder().rateLimitBurst(rateLimitBurst).build();
	}

	public SimulatorProperties withErrorRate(double errorRate) {
		return builder().errorRate(errorRate).build();
	}

	public SimulatorProperties withDropRate(double dropRate) {
		return builder().dropRate(dropRate).build();
	}

	public SimulatorProperties withSlowResponses(double slowRate, Duration slowLatency) {
		return builder().slowRate(slowRate).slowLatency(slowLatency).build();
	}

	public SimulatorProperties withModelLatency(Map<String, Duration> modelLatency) {
		return builder().modelLatency(modelLatency).build();
	}

	public SimulatorProperties withCreditImages(long creditImages) {
		return builder().creditImages(creditImages).build();
	}

	public SimulatorProperties withForbiddenKeys(List<String> forbiddenKeys) {
		return builder().forbiddenKeys(forbiddenKeys).build();
	}

	public SimulatorProperties withSeed(@Nullable Long seed) {
		return builder().seed(seed).build();
	}

	public SimulatorProperties withLedgerCapacity(int ledgerCapacity) {
		return builder().ledgerCapacity(ledgerCapacity).build();
	}

	/**
	 * Answers this share of valid calls 429 with {@code retryAfter}, whatever the limits.
	 */
	public SimulatorProperties withThrottling(double throttleRate, Duration throttleRetryAfter) {
		return builder().throttleRate(throttleRate).throttleRetryAfter(throttleRetryAfter).build();
	}

	public SimulatorProperties withDripRate(double dripRate) {
		return builder().dripRate(dripRate).build();
	}

	public SimulatorProperties withDownloadDripRate(double downloadDripRate) {
		return builder().downloadDripRate(downloadDripRate).build();
	}

	public SimulatorProperties withDripInterval(Duration dripInterval) {
		return builder().dripInterval(dripInterval).build();
	}

	public SimulatorProperties withEndlessRate(double endlessRate) {
		return builder().endlessRate(endlessRate).build();
	}

	public SimulatorProperties withDownloadEndlessRate(double downloadEndlessRate) {
		return builder().downloadEndlessRate(downloadEndlessRate).build();
	}

	public SimulatorProperties withEndlessBodyLimit(DataSize endlessBodyLimit) {
		return builder().endlessBodyLimit(endlessBodyLimit).build();
	}

	public SimulatorProperties withPadImagesTo(DataSize padImagesTo) {
		return builder().padImagesTo(padImagesTo).build();
	}

	public SimulatorProperties withImageUrl(String imageUrl) {
		return builder().imageUrl(imageUrl).build();
	}

	public SimulatorProperties withEchoKey(boolean echoKey) {
		return builder().echoKey(echoKey).build();
	}

	public SimulatorProperties withAnsiErrors(boolean ansiErrors) {
		return builder().ansiErrors(ansiErrors).build();
	}

	public SimulatorProperties withErrorCodeLength(int errorCodeLength) {
		return builder().errorCodeLength(errorCodeLength).build();
	}

	public SimulatorProperties withErrorMessageSize(DataSize errorMessageSize) {
		return builder().errorMessageSize(errorMessageSize).build();
	}

	public SimulatorProperties withBatchProcessingTime(Duration batchProcessingTime) {
		return builder().batchProcessingTime(batchProcessingTime).build();
	}

	public SimulatorProperties withBatchExpireAfterLines(int batchExpireAfterLines) {
		return builder().batchExpireAfterLines(batchExpireAfterLines).build();
	}

	public SimulatorProperties withBatchMaxFileSize(DataSize batchMaxFileSize) {
		return builder().batchMaxFileSize(batchMaxFileSize).build();
	}

	private Builder builder() {
		return new Builder(this);
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value.isNegative()) {
			throw new IllegalArgumentException(PREFIX + name + " must not be negative, was " + value);
		}
	}

	private static void requireNotNegative(String name, long value) {
		if (value < 0) {
			throw new IllegalArgumentException(PREFIX + name + " must not be negative, was " + value);
		}
	}

	private static void requireBetween(String name, long value, long max) {
		if (value < 0 || value > max) {
			throw new IllegalArgumentException(PREFIX + name + " must be between 0 and " + max + ", was " + value);
		}
	}

	private static void requireRateLimit(String name, int value) {
		// A bucket of this size refilled over a minute still counts in a long of
		// nanoseconds.
		if (value < 0 || value > RateLimiter.MAX_LIMIT) {
			throw new IllegalArgumentException(
					PREFIX + name + " must be between 0 and " + RateLimiter.MAX_LIMIT + ", was " + value);
		}
	}

	private static void requireFraction(String name, double value) {
		// Written so that NaN fails too.
		if (!(value >= 0 && value <= 1)) {
			throw new IllegalArgumentException(PREFIX + name + " must be between 0 and 1, was " + value);
		}
	}

	/** One copy with some fields changed, so each {@code with…} names only its own. */
	private static final class Builder {

		private Duration latency;

		private Duration latencyJitter;

		private Duration urlLifetime;

		private String rejectMarker;

		private List<String> apiKeys;

		private DataSize urlStoreCapacity;

		private int requestsPerMinute;

		private int imagesPerMinute;

		private int rateLimitBurst;

		private double errorRate;

		private double dropRate;

		private double slowRate;

		private Duration slowLatency;

		private Map<String, Duration> modelLatency;

		private long creditImages;

		private List<String> forbiddenKeys;

		private @Nullable Long seed;

		private int ledgerCapacity;

		private double throttleRate;

		private Duration throttleRetryAfter;

		private double dripRate;

		private double downloadDripRate;

		private Duration dripInterval;

		private double endlessRate;

		private double downloadEndlessRate;

		private DataSize endlessBodyLimit;

		private DataSize padImagesTo;

		private String imageUrl;

		private boolean echoKey;

		private boolean ansiErrors;

		private int errorCodeLength;

		private DataSize errorMessageSize;

		private Duration batchProcessingTime;

		private int batchExpireAfterLines;

		private DataSize batchMaxFileSize;

		Builder(SimulatorProperties from) {
			this.latency = from.latency;
			this.latencyJitter = from.latencyJitter;
			this.urlLifetime = from.urlLifetime;
			this.rejectMarker = from.rejectMarker;
			this.apiKeys = from.apiKeys;
			this.urlStoreCapacity = from.urlStoreCapacity;
			this.requestsPerMinute = from.requestsPerMinute;
			this.imagesPerMinute = from.imagesPerMinute;
			this.rateLimitBurst = from.rateLimitBurst;
			this.errorRate = from.errorRate;
			this.dropRate = from.dropRate;
			this.slowRate = from.slowRate;
			this.slowLatency = from.slowLatency;
			this.modelLatency = from.modelLatency;
			this.creditImages = from.creditImages;
			this.forbiddenKeys = from.forbiddenKeys;
			this.seed = from.seed;
			this.ledgerCapacity = from.ledgerCapacity;
			this.throttleRate = from.throttleRate;
			this.throttleRetryAfter = from.throttleRetryAfter;
			this.dripRate = from.dripRate;
			this.downloadDripRate = from.downloadDripRate;
			this.dripInterval = from.dripInterval;
			this.endlessRate = from.endlessRate;
			this.downloadEndlessRate = from.downloadEndlessRate;
			this.endlessBodyLimit = from.endlessBodyLimit;
			this.padImagesTo = from.padImagesTo;
			this.imageUrl = from.imageUrl;
			this.echoKey = from.echoKey;
			this.ansiErrors = from.ansiErrors;
			this.errorCodeLength = from.errorCodeLength;
			this.errorMessageSize = from.errorMessageSize;
			this.batchProcessingTime = from.batchProcessingTime;
			this.batchExpireAfterLines = from.batchExpireAfterLines;
			this.batchMaxFileSize = from.batchMaxFileSize;
		}

		Builder latency(Duration latency) {
			this.latency = latency;
			return this;
		}

		Builder latencyJitter(Duration latencyJitter) {
			this.latencyJitter = latencyJitter;
			return this;
		}

		Builder urlLifetime(Duration urlLifetime) {
			this.urlLifetime = urlLifetime;
			return this;
		}

		Builder rejectMarker(String rejectMarker) {
			this.rejectMarker = rejectMarker;
			return this;
		}

		Builder apiKeys(List<String> apiKeys) {
			this.apiKeys = apiKeys;
			return this;
		}

		Builder urlStoreCapacity(DataSize urlStoreCapacity) {
			this.urlStoreCapacity = urlStoreCapacity;
			return this;
		}

		Builder requestsPerMinute(int requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
			return this;
		}

		Builder imagesPerMinute(int imagesPerMinute) {
			this.imagesPerMinute = imagesPerMinute;
			return this;
		}

		Builder rateLimitBurst(int rateLimitBurst) {
			this.rateLimitBurst = rateLimitBurst;
			return this;
		}

		Builder errorRate(double errorRate) {
			this.errorRate = errorRate;
			return this;
		}

		Builder dropRate(double dropRate) {
			this.dropRate = dropRate;
			return this;
		}

		Builder slowRate(double slowRate) {
			this.slowRate = slowRate;
			return this;
		}

		Builder slowLatency(Duration slowLatency) {
			this.slowLatency = slowLatency;
			return this;
		}

		Builder modelLatency(Map<String, Duration> modelLatency) {
			this.modelLatency = modelLatency;
			return this;
		}

		Builder creditImages(long creditImages) {
			this.creditImages = creditImages;
			return this;
		}

		Builder forbiddenKeys(List<String> forbiddenKeys) {
			this.forbiddenKeys = forbiddenKeys;
			return this;
		}

		Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		Builder ledgerCapacity(int ledgerCapacity) {
			this.ledgerCapacity = ledgerCapacity;
			return this;
		}

		Builder throttleRate(double throttleRate) {
			this.throttleRate = throttleRate;
			return this;
		}

		Builder throttleRetryAfter(Duration throttleRetryAfter) {
			this.throttleRetryAfter = throttleRetryAfter;
			return this;
		}

		Builder dripRate(double dripRate) {
			this.dripRate = dripRate;
			return this;
		}

		Builder downloadDripRate(double downloadDripRate) {
			this.downloadDripRate = downloadDripRate;
			return this;
		}

		Builder dripInterval(Duration dripInterval) {
			this.dripInterval = dripInterval;
			return this;
		}

		Builder endlessRate(double endlessRate) {
			this.endlessRate = endlessRate;
			return this;
		}

		Builder downloadEndlessRate(double downloadEndlessRate) {
			this.downloadEndlessRate = downloadEndlessRate;
			return this;
		}

		Builder endlessBodyLimit(DataSize endlessBodyLimit) {
			this.endlessBodyLimit = endlessBodyLimit;
			return this;
		}

		Builder padImagesTo(DataSize padImagesTo) {
			this.padImagesTo = padImagesTo;
			return this;
		}

		Builder imageUrl(String imageUrl) {
			this.imageUrl = imageUrl;
			return this;
		}

		Builder echoKey(boolean echoKey) {
			this.echoKey = echoKey;
			return this;
		}

		Builder ansiErrors(boolean ansiErrors) {
			this.ansiErrors = ansiErrors;
			return this;
		}

		Builder errorCodeLength(int errorCodeLength) {
			this.errorCodeLength = errorCodeLength;
			return this;
		}

		Builder errorMessageSize(DataSize errorMessageSize) {
			this.errorMessageSize = errorMessageSize;
			return this;
		}

		Builder batchProcessingTime(Duration batchProcessingTime) {
			this.batchProcessingTime = batchProcessingTime;
			return this;
		}

		Builder batchExpireAfterLines(int batchExpireAfterLines) {
			this.batchExpireAfterLines = batchExpireAfterLines;
			return this;
		}

		Builder batchMaxFileSize(DataSize batchMaxFileSize) {
			this.batchMaxFileSize = batchMaxFileSize;
			return this;
		}

		SimulatorProperties build() {
			return new SimulatorProperties(this.latency, this.latencyJitter, this.urlLifetime, this.rejectMarker,
					this.apiKeys, this.urlStoreCapacity, this.requestsPerMinute, this.imagesPerMinute,
					this.rateLimitBurst, this.errorRate, this.dropRate, this.slowRate, this.slowLatency,
					this.modelLatency, this.creditImages, this.forbiddenKeys, this.seed, this.ledgerCapacity,
					this.throttleRate, this.throttleRetryAfter, this.dripRate, this.downloadDripRate, this.dripInterval,
					this.endlessRate, this.downloadEndlessRate, this.endlessBodyLimit, this.padImagesTo, this.imageUrl,
					this.echoKey, this.ansiErrors, this.errorCodeLength, this.errorMessageSize,
					this.batchProcessingTime, this.batchExpireAfterLines, this.batchMaxFileSize);
		}

	}

}
