package io.imagebatch.run;

import io.imagebatch.input.ReadResult;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The load step's reader for a resubmission: the parent's failed items as input rows,
 * edited. Remembers the last item it gave out, so a restarted load continues after it.
 */
class ResubmittedRowReader implements ItemStreamReader<ReadResult> {

	private static final String LAST_ITEM = "resubmittedRowReader.lastItemId";

	private final ItemRepository items;

	private final Resubmission resubmission;

	private @Nullable ResubmissionRows rows;

	private long lastItemId;

	ResubmittedRowReader(ItemRepository items, Resubmission resubmission) {
		this.items = items;
		this.resubmission = resubmission;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastItemId = context.getLong(LAST_ITEM, 0);
		this.rows = new ResubmissionRows(this.items, this.resubmission, this.lastItemId);
	}

	@Override
	public @Nullable ReadResult read() {
		FailedItem item = (this.rows != null) ? this.rows.next() : null;
		if (item == null) {
			return null;
		}
		this.lastItemId = item.id();
		return new ReadResult.Row(this.rows.row(item));
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(LAST_ITEM, this.lastItemId);
	}

	@Override
	public void close() {
		this.rows = null;
	}

}
