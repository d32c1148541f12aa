package io.imagebatch.run;

import io.imagebatch.input.CsvPromptReader;
import io.imagebatch.input.CsvSource;
import io.imagebatch.input.InputProperties;
import io.imagebatch.input.ReadResult;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams CSV rows into the load step, remembering how many it has read so a restarted
 * load continues where the last committed chunk ended.
 */
class CsvRowReader implements ItemStreamReader<ReadResult> {

	private static final String RECORDS_READ = "csvRowReader.recordsRead";

	private final CsvSource source;

	private final InputProperties limits;

	private @Nullable CsvPromptReader reader;

	CsvRowReader(CsvSource source, InputProperties limits) {
		this.source = source;
		this.limits = limits;
	}

	@Override
	public void open(ExecutionContext context) {
		this.reader = new CsvPromptReader(this.source, this.limits);
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
