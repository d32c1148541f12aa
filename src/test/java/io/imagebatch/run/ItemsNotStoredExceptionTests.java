package io.imagebatch.run;

import java.sql.BatchUpdateException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;

class ItemsNotStoredExceptionTests {

	@Test
	void namesTheLinesAndTheSqlStateButNothingTheDatabaseSaid() {
		// given
		BatchUpdateException driver = new BatchUpdateException(
				"Batch entry 0 INSERT INTO item VALUES ('a secret prompt') was aborted", "22001", new int[0]);
		DataIntegrityViolationException failure = new DataIntegrityViolationException(
				"PreparedStatementCallback; ERROR: value too long ('a secret prompt')", driver);
		List<NewItem> items = List.of(anItemOnLine(7), anItemOnLine(3), anItemOnLine(12));

		// when
		ItemsNotStoredException exception = new ItemsNotStoredException(items, failure);

		// then
		assertThat(exception)
			.hasMessage("the rows on lines 3–12 could not be stored: the database refused them (SQL state 22001)");
		assertThat(exception.getCause()).hasMessageNotContaining("secret")
			.hasNoCause()
			.hasMessageContaining(BatchUpdateException.class.getName());
		assertThat(exception.getCause().getStackTrace()).isEqualTo(driver.getStackTrace());
	}

	private static NewItem anItemOnLine(long line) {
		return new NewItem("run-1", "id-" + line, line, null, "a secret prompt", null, "invalid", Map.of());
	}

}
