package io.imagebatch.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.ValidatedRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows left out as already done, in batches, as an estimate with skip-done reads them.
 */
class NotDoneRowsTests {

	/** Every id ending in "done" is done; each look-up is recorded. */
	private final List<List<String>> lookups = new ArrayList<>();

	private final SkipDoneFilter filter = new SkipDoneFilter(this::lookUp);

	private final List<String> handedOn = new ArrayList<>();

	private final NotDoneRows rows = new NotDoneRows(this.filter,
			(row, gateway) -> this.handedOn.add(row.externalId()));

	@Test
	void handsOnRowsNotDoneInTheirOrderAndCountsThoseLeftOut() {
		// given
		List<ValidatedRow> read = List.of(valid("a"), valid("b-done"), invalid("c-done"), valid("d"), valid("e-done"));

		// when
		read.forEach((row) -> this.rows.accept(row, "test"));
		this.rows.flush();

		// then: an invalid row was never done, so it is neither looked up nor left out
		assertThat(this.handedOn).containsExactly("a", "c-done", "d");
		assertThat(this.rows.alreadyDone()).isEqualTo(2);
		assertThat(this.lookups).containsExactly(List.of("a", "b-done", "d", "e-done"));
	}

	@Test
	void looksUpABatchAtATimeSoNoInputIsHeldWhole() {
		// given
		int total = NotDoneRows.BATCH * 2 + 3;

		// when: rows are handed on as each batch fills, before the input ends
		for (int i = 1; i <= total; i++) {
			this.rows.accept(valid((i % 10 == 0) ? i + "-done" : String.valueOf(i)), "test");
		}
		List<String> beforeTheEnd = List.copyOf(this.handedOn);
		this.rows.flush();

		// then
		assertThat(this.lookups).extracting(List::size).containsExactly(NotDoneRows.BATCH, NotDoneRows.BATCH, 3);
		assertThat(beforeTheEnd).hasSize(NotDoneRows.BATCH * 2 - NotDoneRows.BATCH * 2 / 10);
		assertThat(this.handedOn).hasSize(total - total / 10);
		assertThat(this.rows.alreadyDone()).isEqualTo(total / 10);
	}

	@Test
	void aBatchWithoutRowsToSendLooksNothingUp() {
		// when
		this.rows.accept(invalid("x"), null);
		this.rows.flush();
		this.rows.flush();

		// then
		assertThat(this.handedOn).containsExactly("x");
		assertThat(this.lookups).isEmpty();
	}

	private Set<String> lookUp(Collection<String> ids) {
		this.lookups.add(List.copyOf(ids));
		return ids.stream().filter((id) -> id.endsWith("done")).collect(Collectors.toSet());
	}

	private static ValidatedRow valid(String id) {
		return new ValidatedRow.Valid(1, id, ImageRequest.of("dall-e-2", "prompt " + id), Map.of());
	}

	private static ValidatedRow invalid(String id) {
		return new ValidatedRow.Invalid(1, id, "invalid", Map.of());
	}

}
