package io.imagebatch.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Images answered as {@code url}, held in memory until they expire. Memory is capped:
 * when a new image does not fit, the oldest are evicted first, which is how a real
 * gateway's short-lived URLs look to a client that downloads too late. A padded image
 * counts only what it holds (the rendered PNG): its padding is made when it is served.
 */
final class UrlImageStore {

	private final Clock clock;

	private final Duration lifetime;

	private final long capacityBytes;

	// Insertion order is expiry order (one lifetime for all), so both expiry and
	// eviction only ever look at the head.
	private final LinkedHashMap<String, StoredImage> images = new LinkedHashMap<>();

	private long heldBytes;

	UrlImageStore(Clock clock, Duration lifetime, long capacityBytes) {
		this.clock = clock;
		this.lifetime = lifetime;
		this.capacityBytes = capacityBytes;
	}

	synchronized void put(String token, ServedImage image) {
		Instant now = this.clock.instant();
		Iterator<Map.Entry<String, StoredImage>> oldest = this.images.entrySet().iterator();
		while (oldest.hasNext()) {
			StoredImage head = oldest.next().getValue();
			boolean expired = !now.isBefore(head.expiresAt());
			boolean full = this.heldBytes + image.heldBytes() > this.capacityBytes;
			if (!expired && !full) {
				break;
			}
			this.heldBytes -= head.image().heldBytes();
			oldest.remove();
		}
		// An image larger than the whole capacity is still kept alone: refusing it would
		// make a tiny configured capacity break every url download.
		this.images.put(token, new StoredImage(image, now.plus(this.lifetime)));
		this.heldBytes += image.heldBytes();
	}

	/** The image, unless it expired, was evicted or never existed. */
	synchronized Optional<ServedImage> get(String token) {
		StoredImage image = this.images.get(token);
		if (image == null) {
			return Optional.empty();
		}
		if (!this.clock.instant().isBefore(image.expiresAt())) {
			this.images.remove(token);
			this.heldBytes -= image.image().heldBytes();
			return Optional.empty();
		}
		return Optional.of(image.image());
	}

	synchronized long heldBytes() {
		return this.heldBytes;
	}

	private record StoredImage(ServedImage image, Instant expiresAt) {

	}

}
