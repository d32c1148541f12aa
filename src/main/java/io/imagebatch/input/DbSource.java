package io.imagebatch.input;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * A named SQL query that yields prompt rows: its columns are named like the CSV columns
 * and it is read as a subquery, in pages ordered by its sort key. Get one from
 * {@link DbSources}.
 */
public final class DbSource {

	private static final String PROMPT_COLUMN = "prompt";

	private static final String MASK = "****";

	private final String name;

	private final String query;

	private final String sortKey;

	private final int pageSize;

	private final @Nullable String password;

	private final boolean skipDone;

	private final DataSource dataSource;

	DbSource(String name, DbSourceSettings settings, DataSource dataSource) {
		this.name = name;
		this.query = withoutTrailingSemicolons(settings.query());
		// PostgreSQL folds unquoted names to lower case, as column labels are here
		this.sortKey = settings.sortKey().toLowerCase(Locale.ROOT);
		this.pageSize = settings.pageSize();
		this.password = settings.password();
		this.skipDone = settings.skipDone();
		this.dataSource = dataSource;
	}

	/**
	 * Checks, before a run is created, that the database answers and the query can be
	 * read without losing a row: it has a {@code prompt} column, no column twice, and a
	 * sort key that is a column, unique and never NULL. The last takes one pass over the
	 * query's rows, in the database.
	 * @throws InputException when it cannot be used, with a message naming
	 * {@code db:<name>} and what to change
	 */
	public void check() {
		List<String> columns = query("SELECT * FROM " + fromClause() + " LIMIT 0",
				(result) -> labels(result.getMetaData()));
		if (!columns.contains(PROMPT_COLUMN)) {
			throw new InputException("%s: the query has no '%s' column; it returns: %s".formatted(description(),
					PROMPT_COLUMN, String.join(", ", columns)));
		}
		for (int i = 0; i < columns.size(); i++) {
			if (columns.lastIndexOf(columns.get(i)) != i) {
				throw new InputException("%s: the query returns the column '%s' twice; rename one with AS"
					.formatted(description(), columns.get(i)));
			}
		}
		if (!columns.contains(this.sortKey)) {
			throw new InputException(
					"%s: the query has no column '%s' to page by; set imagebatch.sources.%s.sort-key to one of: %s"
						.formatted(description(), this.sortKey, this.name, String.join(", ", columns)));
		}
		checkSortKeyIsUnique();
	}

	/**
	 * The query as a {@code FROM} item. Line breaks around it keep a trailing comment in
	 * the query from swallowing the closing parenthesis.
	 * @return {@code (<query>) AS source}
	 */
	public String fromClause() {
		return "(\n" + this.query + "\n) AS source";
	}

	/**
	 * The column rows are ordered and paged by, lower case.
	 * @return the column name
	 */
	public String sortKey() {
		return this.sortKey;
	}

	/**
	 * Rows per page.
	 * @return the page size
	 */
	public int pageSize() {
		return this.pageSize;
	}

	/**
	 * Whether a run of this source leaves out the rows already done for it unless told
	 * otherwise ({@code imagebatch.sources.<name>.skip-done}).
	 * @return the source's default
	 */
	public boolean skipsDoneByDefault() {
		return this.skipDone;
	}

	/**
	 * The database the query runs on: the product's own, or the source's read-only one.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The source as a user names it.
	 * @return {@code db:<name>}
	 */
	public String description() {
		return "db:" + this.name;
	}

	/**
	 * The current row of a result of the query, as {@link PromptRow} columns: keyed by
	 * lower-cased column label in column order, values as text (numbers written plainly:
	 * an integer or a {@code float8} 2 is {@code 2}; bytes as base64), NULL and blank
	 * values left out as in a CSV.
	 * @param row a result positioned on a row
	 * @return the columns
	 * @throws SQLException when the result cannot be read
	 */
	public Map<String, String> columns(ResultSet row) throws SQLException {
		ResultSetMetaData metaData = row.getMetaData();
		Map<String, String> columns = new LinkedHashMap<>();
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			String text = text(row.getObject(i));
			if (text != null && !text.isBlank()) {
				columns.put(label(metaData, i), text);
			}
		}
		return Collections.unmodifiableMap(columns);
	}

	private void checkSortKeyIsUnique() {
		String sql = "SELECT COUNT(*) - COUNT(DISTINCT %1$s), COUNT(*) - COUNT(%1$s) FROM %2$s".formatted(this.sortKey,
				fromClause());
		long[] counts = query(sql, (result) -> {
			result.next();
			return new long[] { result.getLong(1), result.getLong(2) };
		});
		long repeated = counts[0];
		long missing = counts[1];
		if (repeated > 0 || missing > 0) {
			List<String> problems = new ArrayList<>();
			if (repeated > 0) {
				problems
					.add((repeated == 1) ? "1 row repeats another's value" : repeated + " rows repeat others' values");
			}
			if (missing > 0) {
				problems.add((missing == 1) ? "1 row has none" : missing + " rows have none");
			}
			throw new InputException(("%s: the sort key '%s' must be unique and never NULL, or paging would skip rows,"
					+ " but %s; set imagebatch.sources.%s.sort-key to a key column")
				.formatted(description(), this.sortKey, String.join(" and ", problems), this.name));
		}
	}

	private <T> T query(String sql, ResultSetExtractor<T> reader) {
		Connection connection;
		try {
			connection = this.dataSource.getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			throw new InputException("%s: cannot connect to its database: %s".formatted(description(), reasonOf(ex)),
					ex);
		}
		try (connection;
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return reader.extractData(result);
		}
		catch (SQLException ex) {
			throw new InputException("%s: the query cannot be read: %s".formatted(description(), reasonOf(ex)), ex);
		}
	}

	/** The first line of the deepest message, which is the database's own words. */
	private String reasonOf(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		String firstLine = message.lines().findFirst().orElse(message);
		// drivers do not echo passwords, but a message is no place to find out otherwise
		return (this.password != null && !this.password.isEmpty()) ? firstLine.replace(this.password, MASK) : firstLine;
	}

	private static List<String> labels(ResultSetMetaData metaData) throws SQLException {
		List<String> labels = new ArrayList<>(metaData.getColumnCount());
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			labels.add(label(metaData, i));
		}
		return labels;
	}

	private static String label(ResultSetMetaData metaData, int column) throws SQLException {
		return metaData.getColumnLabel(column).strip().toLowerCase(Locale.ROOT);
	}

	private static @Nullable String text(@Nullable Object value) {
		return switch (value) {
			case null -> null;
			case BigDecimal decimal -> decimal.toPlainString();
			// a float8 2 is 2 in psql, and must be to pass for a whole number of images
			case Double number -> BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
			case Float number -> new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
			// bytea, as the base64 that an image column may hold
			case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
			default -> value.toString();
		};
	}

	private static String withoutTrailingSemicolons(String query) {
		String trimmed = query.strip();
		while (trimmed.endsWith(";")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
		}
		return trimmed;
	}

}
