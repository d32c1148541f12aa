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

	Gateway(String name, GatewaySettings settings, ImageGateway client, ImageDownloader downloader,
			TrafficControl traffic, KeyRedaction redaction) {
		this.name = name;
		this.settings = settings;
		this.client = client;
		this.downloader = downloader;
		this.traffic = traffic;
		this.redaction = redaction;
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

	/** The gateway for people: its URL and its masked key. */
	public String describe() {
		ApiKey key = this.settings.apiKey();
		return this.name + " (" + this.settings.baseUrl() + ", key " + ((key != null) ? key.masked() : "none") + ")";
	}

	// TEMPORARY until h-client merges
	public CallMode mode() {
		return CallMode.SYNC; // TEMPORARY on h-surface: take h-client's mode() at merge
	}

	public BatchSettings batchSettings() {
		throw new UnsupportedOperationException();
	}

	public BatchApi batches() {
		throw new UnsupportedOperationException();
	}

	public BatchRequest batchRequest(ImageRequest request) {
		throw new UnsupportedOperationException();
	}

	public BatchLineOutcome outcomeOf(Spool line) {
		throw new UnsupportedOperationException();
	}

	public long maxResponseSize() {
		throw new UnsupportedOperationException();
	}

	public record BatchRequest(String url, byte[] body) {
	}

}
