package io.imagebatch.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.classic.methods.HttpGet;

/**
 * Downloads {@code url} images before they expire: only from origins the
 * {@link DownloadPolicy} allows (each redirect checked again), within the gateway's
 * timeout for the whole download, into a {@link Spool} capped at {@code max-image-size},
 * and never with the gateway's API key.
 */
final class ImageDownloader implements AutoCloseable {

	private static final int MAX_REDIRECTS = 3;

	private final BoundedHttp http;

	private final DownloadPolicy policy;

	private final Duration timeout;

	private final long maxBytes;

	ImageDownloader(BoundedHttp http, DownloadPolicy policy, Duration timeout, long maxBytes) {
		this.http = http;
		this.policy = policy;
		this.timeout = timeout;
		this.maxBytes = maxBytes;
	}

	/**
	 * The image at {@code url}; the caller closes the spool.
	 * @throws GatewayException when the URL may not be fetched, the download fails or the
	 * image is too large
	 */
	Spool download(String url) {
		URI current = parse(url);
		for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
			this.policy.check(current);
			try (BoundedHttp.Exchange exchange = this.http.send(new HttpGet(current), this.timeout)) {
				int status = exchange.status();
				if (status >= 300 && status < 400) {
					String location = exchange.header("location")
						.orElseThrow(() -> failure(ErrorKind.TRANSIENT, status, "redirect_without_location",
								"Image download got HTTP " + status + " without a Location"));
					current = resolve(current, location);
					continue;
				}
				checkStatus(status);
				return exchange.body(this.maxBytes);
			}
			catch (Spool.SpoolFullException ex) {
				throw failure(ErrorKind.REJECTED, 0, "image_too_large",
						"Image is larger than the " + this.maxBytes + "-byte cap (max-image-size)");
			}
			catch (BoundedHttp.ExchangeTimeout ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, 0, "download_timeout",
						"Image download took longer than " + this.timeout.toSeconds() + " s", null, ex);
			}
			catch (DownloadPolicy.RefusedAddress ex) {
				throw DownloadPolicy.refused(ex);
			}
			catch (IOException ex) {
				throw new GatewayException(ErrorKind.TRANSIENT, 0, "download_failed",
						"Image download failed: " + ex.getClass().getSimpleName(), null, ex);
			}
		}
		throw failure(ErrorKind.REJECTED, 0, "too_many_redirects",
				"Image download was redirected more than " + MAX_REDIRECTS + " times");
	}

	private static void checkStatus(int status) {
		if (status == 403 || status == 404 || status == 410) {
			// signed URLs answer 403 once expired; plain ones 404 or 410
			throw failure(ErrorKind.EXPIRED, status, "url_expired",
					"Image URL is no longer available (HTTP " + status + "); the call was paid, resubmit the item");
		}
		if (status / 100 != 2) {
			throw failure((status >= 500 || status == 408 || status == 429) ? ErrorKind.TRANSIENT : ErrorKind.REJECTED,
					status, "download_failed", "Image download failed with HTTP " + status);
		}
	}

	/** A URL from an answer: untrusted text that may not even be a URL. */
	static URI parse(String url) {
		try {
			URI uri = new URI(url);
			if (!uri.isAbsolute() || uri.getHost() == null) {
				throw new URISyntaxException(url, "not an absolute URL with a host");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw failure(ErrorKind.REJECTED, 0, "invalid_image_url",
					"The gateway answered with an image URL that is not a valid absolute URL");
		}
	}

	private static URI resolve(URI base, String location) {
		try {
			return parse(base.resolve(new URI(location)).toString());
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw failure(ErrorKind.REJECTED, 0, "invalid_image_url",
					"The image download was redirected to a Location that is not a valid URL");
		}
	}

	private static GatewayException failure(ErrorKind kind, int status, String code, String message) {
		return new GatewayException(kind, status, code, message);
	}

	@Override
	public void close() throws IOException {
		this.http.close();
	}

}
