package io.imagebatch.gateway;

import java.net.URI;

/**
 * One configured gateway: makes calls and fetches the bytes of the images they return.
 */
public final class Gateway implements ImageGateway {

	private final String name;

	private final GatewaySettings settings;

	private final ImageGateway client;

	private final ImageDownloader downloader;

	Gateway(String name, GatewaySettings settings, ImageGateway client, ImageDownloader downloader) {
		this.name = name;
		this.settings = settings;
		this.client = client;
		this.downloader = downloader;
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

	@Override
	public ImageResult generate(ImageRequest request) {
		return this.client.generate(request);
	}

	/**
	 * The bytes of a returned image, downloading it when it came as a URL.
	 * @param image the image
	 * @return its bytes
	 * @throws GatewayException when the download fails or is not allowed
	 */
	public byte[] bytesOf(GeneratedImage image) {
		return switch (image) {
			case GeneratedImage.Inline inline -> inline.bytes();
			case GeneratedImage.Remote remote -> this.downloader.download(remote.url(),
					this.settings.allowedDownloadHosts(), this.settings.maxImageSize().toBytes());
		};
	}

	/** The gateway for people: its URL and its masked key. */
	public String describe() {
		ApiKey key = this.settings.apiKey();
		return this.name + " (" + this.settings.baseUrl() + ", key " + ((key != null) ? key.masked() : "none") + ")";
	}

}
