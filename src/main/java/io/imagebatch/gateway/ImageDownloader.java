package io.imagebatch.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Downloads {@code url} images before they expire: only over http(s), only from allowed
 * hosts (redirects are followed only while they stay on allowed hosts), streamed with a
 * size cap, and never with the gateway's API key.
 */
final class ImageDownloader {

	private static final int MAX_REDIRECTS = 3;

	private final HttpClient http;

	private final Duration timeout;

	/**
	 * @param http a client that does not follow redirects by itself
	 * @param timeout how long one download may take
	 */
	ImageDownloader(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	byte[] download(URI url, List<String> allowedHosts, long maxBytes) {
		URI current = url;
		for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
			checkAllowed(current, allowedHosts);
			HttpResponse<InputStream> response = get(current);
			int status = response.statusCode();
			if (status >= 300 && status < 400) {
				String location = response.headers().firstValue("location").orElse(null);
				close(response);
				if (location == null) {
					throw failure(ErrorKind.TRANSIENT, status, "redirect_without_location",
							"Image download got HTTP " + status + " without a Location");
				}
				current = current.resolve(location);
				continue;
			}
			if (status == 403 || status == 404 || status == 410) {
				close(response);
				// signed URLs answer 403 once expired; plain ones 404 or 410
				throw failure(ErrorKind.EXPIRED, status, "url_expired",
						"Image URL is no longer available (HTTP " + status + "); the call was paid, resubmit the item");
			}
			if (status / 100 != 2) {
				close(response);
				throw failure(
						(status >= 500 || status == 408 || status == 429) ? ErrorKind.TRANSIENT : ErrorKind.REJECTED,
						status, "download_failed", "Image download failed with HTTP " + status);
			}
			long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
			if (declared > maxBytes) {
				close(response);
				throw tooLarge(maxBytes);
			}
			return readCapped(response.body(), maxBytes);
		}
		throw failure(ErrorKind.REJECTED, 0, "too_many_redirects",
				"Image download was redirected more than " + MAX_REDIRECTS + " times");
	}

	private static void checkAllowed(URI url, List<String> allowedHosts) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (url.getHost() != null) ? url.getHost().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw failure(ErrorKind.REJECTED, 0, "download_scheme_not_allowed",
					"Image URL scheme '" + scheme + "' is not allowed; only http and https");
		}
		boolean allowed = allowedHosts.stream()
			.map((candidate) -> candidate.toLowerCase(Locale.ROOT))
			.anyMatch((candidate) -> host.equals(candidate)
					|| (candidate.startsWith("*.") && host.endsWith(candidate.substring(1))));
		if (!allowed) {
			throw failure(ErrorKind.REJECTED, 0, "download_host_not_allowed", "Image host '" + host
					+ "' is not in download-allowed-hosts " + allowedHosts + "; nothing was requested from it");
		}
	}

	private HttpResponse<InputStream> get(URI url) {
		HttpRequest request = HttpRequest.newBuilder(url).timeout(this.timeout).GET().build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "download_failed",
					"Image download failed: " + ex.getClass().getSimpleName(), null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "interrupted", "Image download was interrupted", null,
					ex);
		}
	}

	private static byte[] readCapped(InputStream body, long maxBytes) {
		try (body) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[64 * 1024];
			long total = 0;
			int read;
			while ((read = body.read(buffer)) != -1) {
				total += read;
				if (total > maxBytes) {
					throw tooLarge(maxBytes);
				}
				out.write(buffer, 0, read);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "download_failed",
					"Image download broke off: " + ex.getClass().getSimpleName(), null, ex);
		}
	}

	private static void close(HttpResponse<InputStream> response) {
		try {
			response.body().close();
		}
		catch (IOException ex) {
			// nothing left to read from it anyway
		}
	}

	private static GatewayException tooLarge(long maxBytes) {
		return failure(ErrorKind.REJECTED, 0, "image_too_large",
				"Image is larger than the " + maxBytes + "-byte cap (max-image-size)");
	}

	private static GatewayException failure(ErrorKind kind, int status, String code, String message) {
		return new GatewayException(kind, status, code, message);
	}

}
