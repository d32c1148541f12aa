package io.imagebatch.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.imagebatch.input.ValidatedRow;
import org.jspecify.annotations.Nullable;

/**
 * Hands on the validated rows of an input less those already done for its source, as the
 * load step of a run with skip-done would leave them out: rows are held in batches of
 * {@value #BATCH}, each looked up in one query, so an input of any size is never held
 * whole. {@link #flush()} hands on the last batch.
 */
final class NotDoneRows implements BiConsumer<ValidatedRow, @Nullable String> {

	/** Rows looked up at a time, as many as a load chunk by default. */
	static final int BATCH = 500;

	private final SkipDoneFilter filter;

	private final BiConsumer<ValidatedRow, @Nullable String> next;

	private final List<Read> batch = new ArrayList<>();

	private long alreadyDone;

	NotDoneRows(SkipDoneFilter filter, BiConsumer<ValidatedRow, @Nullable String> next) {
		this.filter = filter;
		this.next = next;
	}

	@Override
	public void accept(ValidatedRow row, @Nullable String gateway) {
		this.batch.add(new Read(row, gateway));
		if (this.batch.size() >= BATCH) {
			flush();
		}
	}

	/** Hands on the rows held, less those done. */
	void flush() {
		List<Read> kept = this.filter.notDone(this.batch,
				(read) -> (read.row() instanceof ValidatedRow.Valid valid) ? valid.externalId() : null);
		this.alreadyDone += this.batch.size() - kept.size();
		this.batch.clear();
		kept.forEach((read) -> this.next.accept(read.row(), read.gateway()));
	}

	/** Rows left out so far as already done. */
	long alreadyDone() {
		return this.alreadyDone;
	}

	private record Read(ValidatedRow row, @Nullable String gateway) {
	}

}
