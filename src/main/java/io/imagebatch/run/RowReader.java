package io.imagebatch.run;

import java.nio.file.Path;

import io.imagebatch.input.CsvPromptReader;
import io.imagebatch.input.CsvSource;
import io.imagebatch.input.ReadResult;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams a run's input rows into the load step, remembering how many it has read so a
 * restarted load continues where the last committed chunk ended.
 */
class RowReader implements ItemStreamReader<ReadResult> {

	private static final String RECORDS_READ = "rowReader.recordsRead";

	private final String source;

	private @Nullable CsvPromptReader reader;

	RowReader(String source) {
		this.source = source;
	}

	static CsvSource open(String source) {
		return CsvSource.of(Path.of(source));
	}

	@Override
	public void open(ExecutionContext context) {
		this.reader = new CsvPromptReader(open(this.source));
		long alreadyRead = context.getLong(RECORDS_READ, 0);
		if (alreadyRead > 0) {
			this.reader.skip(alreadyRead);
		}
	}

	@Override
	public @Nullable ReadResult read() {
		return (this.reader != null) ? this.reader.next() : null;
	}

	@Override
	public void update(ExecutionContext context) {
		if (this.reader != null) {
			context.putLong(RECORDS_READ, this.reader.recordsRead());
		}
	}

	@Override
	public void close() {
		if (this.reader != null) {
			this.reader.close();
			this.reader = null;
		}
	}

}
