package io.imagebatch.web;

import java.util.List;
import java.util.function.Function;

import io.imagebatch.run.Page;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One page of a list the API answers.
 *
 * @param <T> what is listed
 * @param content the page's entries
 * @param page its number, from 0
 * @param size entries a page holds at most
 * @param totalElements entries in the whole list
 * @param totalPages pages in the whole list
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PageView<T>(List<T> content, int page, int size, long totalElements, long totalPages) {

	static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
		return new PageView<>(page.content().stream().map(view).toList(), page.page(), page.size(), page.total(),
				page.pages());
	}

}
