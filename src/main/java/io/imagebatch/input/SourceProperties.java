package io.imagebatch.input;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Named database sources for {@code generate db:<name>}. Checked when bound, so a wrong
 * setting stops start-up with a message naming the property.
 *
 * @param sources the sources by name
 */
@ConfigurationProperties("imagebatch")
public record SourceProperties(@DefaultValue Map<String, DbSourceSettings> sources) {

	// the sort key is written into the paging SQL, so it must be a plain column name
	private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	public SourceProperties {
		sources.forEach(SourceProperties::check);
		sources = Map.copyOf(sources);
	}

	private static void check(String name, DbSourceSettings source) {
		String property = "imagebatch.sources." + name;
		// the binder leaves a missing query null
		if (source.query() == null || source.query().isBlank()) {
			throw new IllegalArgumentException(property + ".query is required: the SELECT that returns the rows");
		}
		if (!COLUMN_NAME.matcher(source.sortKey()).matches()) {
			throw new IllegalArgumentException("%s.sort-key must be a plain column name of the query, got '%s'"
				.formatted(property, source.sortKey()));
		}
		if (source.pageSize() < 1) {
			throw new IllegalArgumentException(
					"%s.page-size must be at least 1, got %d".formatted(property, source.pageSize()));
		}
		if (source.url() == null && (source.username() != null || source.password() != null)) {
			throw new IllegalArgumentException(property + ".username and .password need " + property
					+ ".url; without a url the product's own database is used");
		}
	}

}
