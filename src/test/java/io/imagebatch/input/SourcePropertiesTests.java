package io.imagebatch.input;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link SourceProperties}: wrong settings stop start-up with the property to fix, and
 * the password never shows.
 */
class SourcePropertiesTests {

	@Test
	void aSourceWithoutAQueryIsRejectedNamingTheProperty() {
		// given
		DbSourceSettings noQuery = new DbSourceSettings(null, "id", 500, null, null, null, false);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> new SourceProperties(Map.of("catalog", noQuery)))
			.withMessageContaining("imagebatch.sources.catalog.query is required");
	}

	@Test
	void aSortKeyThatIsNotAPlainColumnNameIsRejected() {
		// given: the sort key is written into the paging SQL
		DbSourceSettings injected = new DbSourceSettings("SELECT 1", "id; DROP TABLE item", 500, null, null, null,
				false);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> new SourceProperties(Map.of("catalog", injected)))
			.withMessageContaining("imagebatch.sources.catalog.sort-key must be a plain column name");
	}

	@Test
	void aPageSizeBelowOneIsRejected() {
		// given
		DbSourceSettings empty = new DbSourceSettings("SELECT 1", "id", 0, null, null, null, false);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> new SourceProperties(Map.of("catalog", empty)))
			.withMessageContaining("imagebatch.sources.catalog.page-size must be at least 1");
	}

	@Test
	void credentialsWithoutAUrlAreRejectedRatherThanIgnored() {
		// given
		DbSourceSettings noUrl = new DbSourceSettings("SELECT 1", "id", 500, null, "reader", "secret", false);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> new SourceProperties(Map.of("catalog", noUrl)))
			.withMessageContaining("need imagebatch.sources.catalog.url");
	}

	@Test
	void thePasswordIsMaskedWhenSettingsArePrinted() {
		// given
		DbSourceSettings settings = new DbSourceSettings("SELECT 1", "id", 500, "jdbc:postgresql://db/catalog",
				"reader", "s3cr3t-password", false);

		// when
		String printed = new SourceProperties(Map.of("catalog", settings)).toString();

		// then
		assertThat(printed).contains("reader").contains("****").doesNotContain("s3cr3t-password");
	}

}
