package io.imagebatch.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Batch API's counters, kept by the simulator across restarts like its ledger.
 */
final class BatchCounters {

	private final AtomicLong filesUploaded = new AtomicLong();

	private final AtomicLong batchesCreated = new AtomicLong();

	private final AtomicLong batchesCancelled = new AtomicLong();

	private final AtomicLong filesDeleted = new AtomicLong();

	void fileUploaded() {
		this.filesUploaded.incrementAndGet();
	}

	void batchCreated() {
		this.batchesCreated.incrementAndGet();
	}

	void batchCancelled() {
		this.batchesCancelled.incrementAndGet();
	}

	void fileDeleted() {
		this.filesDeleted.incrementAndGet();
	}

	BatchCounts counts() {
		return new BatchCounts(this.filesUploaded.get(), this.batchesCreated.get(), this.batchesCancelled.get(),
				this.filesDeleted.get());
	}

}
