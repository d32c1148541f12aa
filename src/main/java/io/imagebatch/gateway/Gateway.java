package io.imagebatch.gateway;

import java.net.URI;

import io.imagebatch.ratelimit.TrafficControl;
import io.imagebatch.system.Spool;

/**
 * One configured gateway: paces and makes calls, and fetches the bytes of the images they
 * return. Every call goes through the gateway's {@link TrafficControl}, whatever run it
 * belongs to.
 */
public final class Gateway implements ImageGateway {

	private final String name;

	private final GatewaySettings settings;

	private final ImageGateway client;

	private final ImageDownloader downloader;

	private final TrafficControl traffic;

	/** Every failure leaves through it: nothing downstream sees a configured key. */
	private final KeyRedaction redaction;

	private final RequestBodies bodies;

	private final BatchLineReader batchLines;

	private final BatchApi batches;

	Gateway(String name, GatewaySettings settings, ImageGateway client, ImageDownloader downloader,
			TrafficControl traffic, KeyRedaction redaction, RequestBodies bodies, BatchApi batches) {
		this.name = name;
		this.settings = settings;
		this.client = client;
		this.downloader = downloader;
		this.traffic = traffic;
		this.redaction = redaction;
		this.bodies = bodies;
		this.batchLines = new BatchLineReader(name, settings.maxResponseSize().toBytes(),
				settings.maxImageSize().toBytes());
		this.batches = new RedactedBatchApi(batches, redaction);
	}

	public String name() {
		return this.name;
	}

	public URI baseUrl() {
		return this.settings.baseUrl();
	}

	public int maxConcurrency() {
		return this.settings.maxConcurrency();
	}

	/** The per-minute limits configured for the gateway as a whole. */
	public TrafficControl.Limits limits() {
		return new TrafficControl.Limits(this.settings.requestsPerMinute(), this.settings.imagesPerMinute());
	}

	/** The gateway's pacing, for progress and benchmarks. */
	public TrafficControl traffic() {
		return this.traffic;
	}

	/** The gateway's limits and traffic as they stand now. */
	public GatewayStatus status() {
		return GatewayStatus.of(this);
	}

	/**
	 * Makes one call once the gateway's limits allow it. A 429 pauses every caller of
	 * this gateway; the {@code Retry-After} it carries is capped at
	 * {@code max-retry-after}.
	 */
	@Override
	public ImageResult generate(ImageRequest request) {
		try (TrafficControl.Permit permit = this.traffic.acquire(request.model(), request.n())) {
			ImageResult result = this.client.generate(request);
			this.traffic.observe(result.rateLimits(), permit);
			this.traffic.succeeded();
			return result;
		}
		catch (GatewayException ex) {
			if (ex.kind() == ErrorKind.RATE_LIMITED) {
				this.traffic.rateLimited(ex.retryAfter(), ex.rateLimits());
			}
			else {
				this.traffic.observe(ex.rateLimits());
			}
			throw this.redaction.redact(ex).withRetryAfterAtMost(this.settings.maxRetryAfter());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "interrupted",
					"Interrupted while waiting for gateway '" + this.name + "' to allow a call");
		}
	}

	/**
	 * The bytes of a returned image, downloading it when it came as a URL. Close the
	 * spool when done; for an inline image it is the image's own.
	 * @param image the image
	 * @return its bytes
	 * @throws GatewayException when the download fails or is not allowed
	 */
	public Spool bytesOf(GeneratedImage image) {
		try {
			return switch (image) {
				case GeneratedImage.Inline inline -> inline.content();
				case GeneratedImage.Remote remote -> this.downloader.download(remote.url());
			};
		}
		catch (GatewayException ex) {
			throw this.redaction.redact(ex);
		}
	}

	/** How runs call this gateway: one call per request, or provider batches. */
	public CallMode mode() {
		return this.settings.mode();
	}

	/** How this gateway's provider batches are made and followed. */
	public BatchSettings batchSettings() {
		return this.settings.batch();
	}

	/**
	 * The gateway's provider Batch API. It is not paced by the gateway's limits, which
	 * are those of synchronous calls; every failure leaving it is free of keys.
	 */
	public BatchApi batches() {
		return this.batches;
	}

	/**
	 * A request as one line of a provider batch carries it: the API path (the base URL's
	 * path and the model's endpoint, e.g. {@code /v1/images/generations}) and the body a
	 * synchronous call sends, but with images asked inline ({@code b64_json}) wherever
	 * the model can send them so, because a URL read hours later has expired.
	 * @param request what to generate
	 * @return the line's {@code url} and {@code body}
	 */
	public BatchRequest batchRequest(ImageRequest request) {
		RequestBodies.Call call = this.bodies.batchCall(request);
		return new BatchRequest(call.uri().getRawPath(), call.body());
	}

	/**
	 * What one line of a batch's output or error file says about its request. A
	 * successful answer is read exactly like that of a synchronous call; a body larger
	 * than {@code max-response-size} or otherwise unusable fails the request as paid for.
	 * Nothing returned holds a configured key.
	 * @param line the line, without its newline
	 * @return the outcome; close an {@link BatchLineOutcome.Answered answered} one's
	 * result once its images are stored
	 */
	public BatchLineOutcome outcomeOf(Spool line) {
		BatchLineOutcome outcome = this.batchLines.outcomeOf(line);
		return switch (outcome) {
			case BatchLineOutcome.Answered answered -> answered;
			case BatchLineOutcome.Failed failed ->
				new BatchLineOutcome.Failed(failed.customId(), this.redaction.redact(failed.error()));
			case BatchLineOutcome.NotRun notRun -> new BatchLineOutcome.NotRun(notRun.customId(),
					(notRun.code() != null) ? this.redaction.redact(notRun.code()) : null,
					this.redaction.redact(notRun.message()));
			case BatchLineOutcome.Unreadable unreadable -> new BatchLineOutcome.Unreadable(
					(unreadable.customId() != null) ? this.redaction.redact(unreadable.customId()) : null,
					this.redaction.redact(unreadable.reason()));
		};
	}

	/**
	 * The largest answer body read from the gateway ({@code max-response-size}): also the
	 * longest line of a batch's result file read.
	 */
	public long maxResponseSize() {
		return this.settings.maxResponseSize().toBytes();
	}

	/** The gateway for people: its URL and its masked key. */
	public String describe() {
		ApiKey key = this.settings.apiKey();
		return this.name + " (" + this.settings.baseUrl() + ", key " + ((key != null) ? key.masked() : "none") + ")";
	}

}
