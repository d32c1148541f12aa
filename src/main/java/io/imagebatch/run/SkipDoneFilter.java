package io.imagebatch.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Leaves out of a batch of rows those already done for their source, looked up in one go:
 * only rows that would be sent are looked up; an invalid row was never done, so it is
 * always kept. The load step filters each chunk with it, an estimate each batch of rows
 * it reads.
 */
final class SkipDoneFilter {

	private final Lookup done;

	/**
	 * @param done which of some external ids are already done
	 */
	SkipDoneFilter(Lookup done) {
		this.done = done;
	}

	/**
	 * A filter for the rows of a source, as {@link DoneRows} finds them done.
	 * @param originSource the source
	 * @param exceptRun the run loading them, whose own items do not count; {@code null}
	 * for an estimate
	 */
	static SkipDoneFilter of(DoneRows doneRows, String originSource, @Nullable String exceptRun) {
		return new SkipDoneFilter((ids) -> doneRows.among(originSource, exceptRun, ids));
	}

	/**
	 * The rows not already done, in their order.
	 * @param rows the batch
	 * @param sendableId a row's external id when it would be sent, {@code null} for an
	 * invalid row
	 * @return the rows to keep
	 */
	<T> List<T> notDone(List<? extends T> rows, Function<? super T, @Nullable String> sendableId) {
		List<String> ids = new ArrayList<>();
		for (T row : rows) {
			String id = sendableId.apply(row);
			if (id != null) {
				ids.add(id);
			}
		}
		Set<String> done = ids.isEmpty() ? Set.of() : this.done.among(ids);
		List<T> kept = new ArrayList<>(rows.size());
		for (T row : rows) {
			String id = sendableId.apply(row);
			if (id == null || !done.contains(id)) {
				kept.add(row);
			}
		}
		return kept;
	}

	/**
	 * Which of some external ids are already done for the source.
	 */
	@FunctionalInterface
	interface Lookup {

		Set<String> among(Collection<String> externalIds);

	}

}
