package io.imagebatch.dashboard;

import java.nio.charset.StandardCharsets;

import io.imagebatch.run.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Where a page of a list stands, for its pager: which entries it shows, and the links to
 * the pages before and after it (the list's filters kept).
 *
 * @param page the page's number, from 0
 * @param pages pages in the whole list
 * @param from the first entry it shows, from 1 (0 when the list is empty)
 * @param to the last entry it shows
 * @param total entries in the whole list
 * @param previous the link to the page before, {@code null} on the first
 * @param next the link to the page after, {@code null} on the last
 */
record PageLinks(int page, long pages, long from, long to, long total, @Nullable String previous,
		@Nullable String next) {

	/**
	 * @param link the list's link with its filters, without a page
	 */
	static PageLinks of(Page<?> page, UriComponentsBuilder link) {
		long from = (long) page.page() * page.size();
		return new PageLinks(page.page(), Math.max(page.pages(), 1), page.content().isEmpty() ? 0 : from + 1,
				from + page.content().size(), page.total(), (page.page() > 0) ? pageLink(link, page.page() - 1) : null,
				(page.page() + 1 < page.pages()) ? pageLink(link, page.page() + 1) : null);
	}

	/**
	 * The link to another page, each query value encoded whole: a search for {@code a&b}
	 * stays one value.
	 */
	private static String pageLink(UriComponentsBuilder link, int page) {
		UriComponents raw = link.cloneBuilder().replaceQueryParam("page", page).build();
		UriComponentsBuilder encoded = UriComponentsBuilder.fromPath(String.valueOf(raw.getPath()));
		raw.getQueryParams()
			.forEach((name, values) -> values
				.forEach((value) -> encoded.queryParam(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8),
						UriUtils.encodeQueryParam(String.valueOf(value), StandardCharsets.UTF_8))));
		return encoded.build(true).toUriString();
	}

}
