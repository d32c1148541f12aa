package io.imagebatch.run;

import java.util.Map;

import io.imagebatch.input.DbSource;
import io.imagebatch.input.PromptRow;
import io.imagebatch.input.ReadResult;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;

/**
 * Reads a database source into the load step a page at a time, each page after the last
 * sort-key value of the one before, so memory holds one page whatever the size of the
 * query. A row's line is its position in sort-key order, from 1. The position is saved
 * with every chunk, so a restarted load continues after the last committed row.
 */
class DbRowReader implements ItemStreamReader<ReadResult> {

	// keys the saved position in the step's execution context
	private static final String NAME = "dbRowReader";

	private final JdbcPagingItemReader<Map<String, String>> rows;

	DbRowReader(DbSource source) {
		PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
		query.setSelectClause("*");
		query.setFromClause(source.fromClause());
		query.setSortKeys(Map.of(source.sortKey(), Order.ASCENDING));
		try {
			this.rows = new JdbcPagingItemReaderBuilder<Map<String, String>>().name(NAME)
				.dataSource(source.dataSource())
				.queryProvider(query)
				.pageSize(source.pageSize())
				.rowMapper((row, number) -> source.columns(row))
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read " + source.description() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void open(ExecutionContext context) {
		this.rows.open(context);
	}

	@Override
	public @Nullable ReadResult read() throws Exception {
		Map<String, String> columns = this.rows.read();
		if (columns == null) {
			return null;
		}
		// the count includes the row just read, and is restored on a restart
		return new ReadResult.Row(new PromptRow(this.rows.getCurrentItemCount(), columns));
	}

	@Override
	public void update(ExecutionContext context) {
		this.rows.update(context);
	}

	@Override
	public void close() {
		this.rows.close();
	}

}
