package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.List;

import io.imagebatch.cost.ItemCost;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.StoredImage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemRowTests {

	@Test
	void aFailedItemShowsItsTypeCodeAndAMessageCutToATablesLength() {
		// given
		String message = "x".repeat(ItemRow.MESSAGE_LENGTH + 50);
		ItemSnapshot item = new ItemSnapshot(7, "rejected", 4, ItemStatus.FAILED, "dall-e-2", "256x256", null,
				"A forbidden picture", 1, ErrorType.REJECTED, "content_policy_violation", message, null, List.of());

		// when
		ItemRow row = ItemRow.of("run-1", item, new ItemCost(new BigDecimal("0.016000"), 0));

		// then
		assertThat(row.errorType()).isEqualTo("REJECTED");
		assertThat(row.errorCode()).isEqualTo("content_policy_violation");
		assertThat(row.message()).hasSize(ItemRow.MESSAGE_LENGTH + 1).endsWith("…");
		assertThat(row.fullMessage()).isFalse();
		assertThat(row.quality()).isEqualTo("–");
		assertThat(row.cost()).isEqualTo("$0.016");
		assertThat(row.images()).isEmpty();
	}

	@Test
	void imagesLinkToTheApiWithTheItemsIdEncoded() {
		// given
		StoredImage image = new StoredImage(1, "bucket", "runs/r/a b/1.png", "image/png", 10, "ab", "url", null);
		ItemSnapshot item = new ItemSnapshot(8, "a b#c", 2, ItemStatus.SUCCEEDED, "dall-e-2", "256x256", "standard",
				"A kite", 1, null, null, null, null, List.of(image));

		// when
		ItemRow row = ItemRow.of("run-1", item, null);

		// then
		assertThat(row.images()).containsExactly("/api/runs/run-1/items/a%20b%23c/images/1");
		assertThat(row.cost()).isEqualTo("–");
		assertThat(row.message()).isEmpty();
		assertThat(row.fullMessage()).isTrue();
	}

	@Test
	void aCostWithUnpricedImagesSaysSo() {
		assertThat(ItemRow.cost(new ItemCost(null, 2))).isEqualTo("– (2 unpriced)");
		assertThat(ItemRow.cost(new ItemCost(new BigDecimal("0.5"), 1))).isEqualTo("$0.50 (1 unpriced)");
	}

}
