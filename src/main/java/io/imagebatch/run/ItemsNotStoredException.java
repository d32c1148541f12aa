package io.imagebatch.run;

import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * A chunk of loaded rows the database refused, which the validator should have made
 * impossible. Spring Batch logs a failed chunk with its whole chain of causes, and a
 * database driver's messages can quote the statement's parameters (prompts) and the
 * values at fault; so this names the lines and the SQL state only, and stands in for the
 * driver's exception with one that keeps its place in the code but none of its words.
 */
class ItemsNotStoredException extends RuntimeException {

	ItemsNotStoredException(List<? extends NewItem> items, DataAccessException failure) {
		super(message(items, failure), redacted(failure));
	}

	private static String message(List<? extends NewItem> items, DataAccessException failure) {
		long first = items.stream().mapToLong(NewItem::line).min().orElse(0);
		long last = items.stream().mapToLong(NewItem::line).max().orElse(0);
		String lines = (first == last) ? "line " + first : "lines %d–%d".formatted(first, last);
		String state = sqlState(failure);
		return "the rows on %s could not be stored: the database refused them (%s)".formatted(lines,
				(state != null) ? "SQL state " + state : failure.getClass().getSimpleName());
	}

	private static Throwable redacted(DataAccessException failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		SQLException standIn = new SQLException(
				deepest.getClass().getName() + " (its message is left out: it can quote the rows)", sqlState(failure));
		standIn.setStackTrace(deepest.getStackTrace());
		return standIn;
	}

	private static @Nullable String sqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

}
