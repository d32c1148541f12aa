package io.imagebatch.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The load step's writer: inserts a chunk of items. For a run with skip-done it first
 * leaves out the PENDING items whose external id is already done for the run's source and
 * counts them on the run, all in the chunk's transaction, so a chunk rolled back and read
 * again neither loses nor double-counts a row. INVALID items are always written.
 */
class LoadedItemWriter implements ItemWriter<NewItem> {

	private final String runId;

	private final ItemRepository items;

	private final RunRepository runs;

	private final DoneRows doneRows;

	/** The run's origin source when it skips done rows, else {@code null}. */
	private final @Nullable String skippingDoneOf;

	LoadedItemWriter(Run run, ItemRepository items, RunRepository runs, DoneRows doneRows) {
		this.runId = run.id();
		this.items = items;
		this.runs = runs;
		this.doneRows = doneRows;
		this.skippingDoneOf = run.skipDone() ? runs.originSource(run.id()) : null;
	}

	@Override
	public void write(Chunk<? extends NewItem> chunk) {
		List<? extends NewItem> loaded = chunk.getItems();
		if (this.skippingDoneOf == null) {
			this.items.insertAll(loaded);
			return;
		}
		// another run of the source loading the same rows now waits for this chunk, then
		// finds them PENDING here
		this.doneRows.lockSource(this.skippingDoneOf);
		List<NewItem> notDone = SkipDoneFilter.of(this.doneRows, this.skippingDoneOf, this.runId)
			.notDone(loaded, (item) -> (item.status() == ItemStatus.PENDING) ? item.externalId() : null);
		this.items.insertAll(notDone);
		if (notDone.size() < loaded.size()) {
			this.runs.addRowsAlreadyDone(this.runId, loaded.size() - notDone.size());
		}
	}

}
