package io.imagebatch.input;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One database source, bound from {@code imagebatch.sources.<name>} and read by
 * {@code generate db:<name>}.
 *
 * @param query a SELECT (no parameters) whose columns are named like the CSV columns; it
 * is read as a subquery, in pages ordered by {@code sortKey}
 * @param sortKey the column to page by: unique and never NULL, so that no row is skipped
 * or read twice
 * @param pageSize rows per page, the most held in memory at once
 * @param url a JDBC URL of a separate, read-only database; without it the query runs on
 * the product's own database
 * @param username the separate database's user
 * @param password the separate database's password; set it through the environment
 * ({@code IMAGEBATCH_SOURCES_<NAME>_PASSWORD}), never in a file
 * @param skipDone whether a run of this source leaves out, by default, the rows whose
 * {@code id} already succeeded for it in another run (a nightly run over a growing table
 * then turns only new rows into images); a run can say otherwise
 * ({@code --[no-]skip-done})
 */
public record DbSourceSettings(String query, @DefaultValue("id") String sortKey, @DefaultValue("500") int pageSize,
		@Nullable String url, @Nullable String username, @Nullable String password,
		@DefaultValue("false") boolean skipDone) {

	/** The password is masked, so that settings printed in a log or an error keep it. */
	@Override
	public String toString() {
		return "DbSourceSettings[query=%s, sortKey=%s, pageSize=%d, url=%s, username=%s, password=%s, skipDone=%s]"
			.formatted(this.query, this.sortKey, this.pageSize, this.url, this.username,
					(this.password != null) ? "****" : null, this.skipDone);
	}

}
