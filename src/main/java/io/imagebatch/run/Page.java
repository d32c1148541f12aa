package io.imagebatch.run;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a longer list.
 *
 * @param <T> what is listed
 * @param content the page's entries
 * @param page the page's number, from 0
 * @param size entries a page holds at most
 * @param total entries in the whole list
 */
public record Page<T>(List<T> content, int page, int size, long total) {

	public Page {
		content = List.copyOf(content);
	}

	/** Pages in the whole list. */
	public long pages() {
		return (this.total + this.size - 1) / this.size;
	}

	/** The same page with each entry turned into another. */
	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(this.content.stream().<R>map(mapper).toList(), this.page, this.size, this.total);
	}

	/** Where a page starts in the whole list. */
	static long offset(int page, int size) {
		return (long) page * size;
	}

}
