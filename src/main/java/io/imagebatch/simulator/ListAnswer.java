package io.imagebatch.simulator;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A page of a list, newest first, as the Files and Batches APIs write it; the next page
 * starts {@code after} the last id of this one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ListAnswer<T>(String object, List<T> data, @Nullable String firstId, @Nullable String lastId, boolean hasMore) {

	/**
	 * @param newestFirst everything listed
	 * @param after the id the page starts after, {@code null} for the first page; an id
	 * not listed gives an empty page
	 */
	static <E, T> ListAnswer<T> page(List<E> newestFirst, Function<E, String> id, @Nullable String after, int limit,
			Function<E, T> shown) {
		int from = 0;
		if (after != null) {
			from = newestFirst.size();
			for (int index = 0; index < newestFirst.size(); index++) {
				if (id.apply(newestFirst.get(index)).equals(after)) {
					from = index + 1;
					break;
				}
			}
		}
		int to = (int) Math.min(newestFirst.size(), (long) from + limit);
		List<E> page = newestFirst.subList(from, to);
		return new ListAnswer<>("list", page.stream().map(shown).toList(),
				page.isEmpty() ? null : id.apply(page.get(0)),
				page.isEmpty() ? null : id.apply(page.get(page.size() - 1)), to < newestFirst.size());
	}

}
