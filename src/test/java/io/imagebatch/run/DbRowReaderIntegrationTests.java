package io.imagebatch.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.input.DbSource;
import io.imagebatch.input.DbSourceSettings;
import io.imagebatch.input.DbSources;
import io.imagebatch.input.PromptRow;
import io.imagebatch.input.ReadResult;
import io.imagebatch.input.SourceProperties;
import io.imagebatch.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DbRowReader} over real PostgreSQL: pages, column mapping, and the position a
 * restarted load continues from.
 */
class DbRowReaderIntegrationTests {

	private final TestInfrastructure infrastructure = TestInfrastructure.get();

	private final JdbcClient jdbc = this.infrastructure.jdbc();

	// a schema of its own: Flyway refuses a non-empty public schema it has not migrated
	private final String schema = "reader_tests_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	private final String table = this.schema + ".rows";

	@BeforeEach
	void createTable() {
		this.jdbc.sql("CREATE SCHEMA " + this.schema).update();
		this.jdbc.sql("CREATE TABLE " + this.table + " (id INT PRIMARY KEY, prompt TEXT, n INT)").update();
	}

	@AfterEach
	void dropTable() {
		this.jdbc.sql("DROP SCHEMA " + this.schema + " CASCADE").update();
	}

	@Test
	void readsEveryRowInSortKeyOrderOnePageAtATime() throws Exception {
		// given: five rows inserted out of order, read two at a time
		insert(5, 3, 1, 4, 2);
		DbRowReader reader = reader(2);
		reader.open(new ExecutionContext());

		// when: a row is added after the first page has been read
		List<PromptRow> rows = new ArrayList<>(read(reader, 2));
		insert(6);
		rows.addAll(read(reader, 10));
		reader.close();

		// then: it is there, so each page was a query of its own
		assertThat(rows).extracting((row) -> row.columns().get("id")).containsExactly("1", "2", "3", "4", "5", "6");
		assertThat(rows).extracting(PromptRow::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
	}

	@Test
	void aRestartContinuesAfterTheLastSavedPageNotFromTheStart() throws Exception {
		// given: a load that saved its position after the first page, then stopped
		insert(1, 2, 3, 4, 5);
		ExecutionContext saved = positionAfter(2);
		// a row that sorts before the saved position: an offset would count it
		insert(0);

		// when
		List<PromptRow> rest = restartFrom(saved);

		// then
		assertThat(rest).extracting((row) -> row.columns().get("id")).containsExactly("3", "4", "5");
		assertThat(rest).extracting(PromptRow::line).containsExactly(3L, 4L, 5L);
	}

	@Test
	void aRestartInTheMiddleOfAPageContinuesAfterTheLastSavedRow() throws Exception {
		// given: a load that saved its position after three rows, one into the second
		// page
		insert(1, 2, 3, 4, 5);
		ExecutionContext saved = positionAfter(3);

		// when
		List<PromptRow> rest = restartFrom(saved);

		// then
		assertThat(rest).extracting((row) -> row.columns().get("id")).containsExactly("4", "5");
		assertThat(rest).extracting(PromptRow::line).containsExactly(4L, 5L);
	}

	@Test
	void columnsAreNamedAndWrittenAsACsvWouldHaveThem() throws Exception {
		// given: a mixed-case label, an integer, a float8, a numeric and a NULL
		insert(1);
		DbRowReader reader = new DbRowReader(source("""
				SELECT id, prompt AS "Prompt", n, 2::float8 AS ratio, 1.50::numeric(4,2) AS price,
				NULL AS style FROM %s -- a trailing comment;
				""".formatted(this.table), 10));
		reader.open(new ExecutionContext());

		// when
		List<PromptRow> rows = read(reader, 10);
		reader.close();

		// then
		assertThat(rows).singleElement()
			.satisfies((row) -> assertThat(row.columns()).containsExactly(Map.entry("id", "1"),
					Map.entry("prompt", "Prompt 1"), Map.entry("n", "2"), Map.entry("ratio", "2"),
					Map.entry("price", "1.50")));
	}

	private DbRowReader reader(int pageSize) {
		return new DbRowReader(source("SELECT id, prompt, n FROM " + this.table, pageSize));
	}

	private DbSource source(String query, int pageSize) {
		DbSourceSettings settings = new DbSourceSettings(query, "id", pageSize, null, null, null, false);
		return new DbSources(new SourceProperties(Map.of("rows", settings)), this.infrastructure.dataSource())
			.get("rows");
	}

	private void insert(int... ids) {
		for (int id : ids) {
			this.jdbc.sql("INSERT INTO " + this.table + " (id, prompt, n) VALUES (?, ?, 2)")
				.params(id, "Prompt " + id)
				.update();
		}
	}

	private static List<PromptRow> read(DbRowReader reader, int most) throws Exception {
		List<PromptRow> rows = new ArrayList<>();
		ReadResult result;
		while (rows.size() < most && (result = reader.read()) != null) {
			rows.add(((ReadResult.Row) result).row());
		}
		return rows;
	}

	/**
	 * What a load reading two rows a page saves after {@code rows} rows, as the job
	 * repository stores it (a round trip through its serializer).
	 */
	private ExecutionContext positionAfter(int rows) throws Exception {
		DbRowReader reader = reader(2);
		ExecutionContext context = new ExecutionContext();
		reader.open(context);
		read(reader, rows);
		reader.update(context);
		reader.close();
		DefaultExecutionContextSerializer serializer = new DefaultExecutionContextSerializer();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		serializer.serialize(context.toMap(), bytes);
		return new ExecutionContext(serializer.deserialize(new ByteArrayInputStream(bytes.toByteArray())));
	}

	/** The rows a new reader opened on a saved position reads to the end. */
	private List<PromptRow> restartFrom(ExecutionContext saved) throws Exception {
		DbRowReader reader = reader(2);
		reader.open(saved);
		List<PromptRow> rows = read(reader, Integer.MAX_VALUE);
		reader.close();
		return rows;
	}

}
