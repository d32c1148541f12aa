package io.imagebatch.simulator;

import io.imagebatch.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlImageStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

	@Test
	void imageIsServedUntilItsLifetimeEnds() {
		// given
		UrlImageStore store = new UrlImageStore(this.clock, Duration.ofMinutes(10), 1000);
		store.put("a", ServedImage.unpadded(new byte[10]));

		// when
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		boolean servedBefore = store.get("a").isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		boolean servedAfter = store.get("a").isPresent();

		// then
		assertThat(servedBefore).isTrue();
		assertThat(servedAfter).isFalse();
		assertThat(store.heldBytes()).isZero();
	}

	@Test
	void oldestImagesAreEvictedWhenCapacityIsReached() {
		// given
		UrlImageStore store = new UrlImageStore(this.clock, Duration.ofHours(1), 100);
		store.put("first", ServedImage.unpadded(new byte[40]));
		store.put("second", ServedImage.unpadded(new byte[40]));

		// when
		store.put("third", ServedImage.unpadded(new byte[40]));

		// then
		assertThat(store.get("first")).isEmpty();
		assertThat(store.get("second")).isPresent();
		assertThat(store.get("third")).isPresent();
		assertThat(store.heldBytes()).isEqualTo(80);
	}

	@Test
	void expiredImagesMakeRoomBeforeLiveOnesAreEvicted() {
		// given
		UrlImageStore store = new UrlImageStore(this.clock, Duration.ofMinutes(10), 1000);
		store.put("old", ServedImage.unpadded(new byte[10]));
		this.clock.advance(Duration.ofMinutes(11));

		// when
		store.put("new", ServedImage.unpadded(new byte[10]));

		// then
		assertThat(store.heldBytes()).isEqualTo(10);
		assertThat(store.get("new")).isPresent();
	}

	@Test
	void paddedImageTakesOnlyTheRoomOfThePngItPads() {
		// given
		byte[] png = new PromptImageRenderer()
			.render(new PromptImageRenderer.Card("A cat", "dall-e-2", "256x256", null, 0, 1, false));
		UrlImageStore store = new UrlImageStore(this.clock, Duration.ofHours(1), 1024 * 1024);

		// when
		store.put("huge", ServedImage.padded(png, 45L * 1024 * 1024));

		// then
		assertThat(store.heldBytes()).isEqualTo(png.length);
		assertThat(store.get("huge"))
			.hasValueSatisfying((image) -> assertThat(image.length()).isEqualTo(45L * 1024 * 1024));
	}

	@Test
	void unknownTokenIsNotServed() {
		assertThat(new UrlImageStore(this.clock, Duration.ofHours(1), 100).get("nope")).isEmpty();
	}

}
