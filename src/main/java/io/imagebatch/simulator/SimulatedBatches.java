package io.imagebatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.imagebatch.simulator.BatchFiles.StoredFile;

/**
 * The batches of a running simulator, each processed on a virtual thread of its own.
 */
final class SimulatedBatches implements AutoCloseable {

	private final BatchProcessor.Context context;

	/** In creation order; listed newest first. */
	private final Map<String, SimulatedBatch> batches = new LinkedHashMap<>();

	private final ExecutorService processors = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("simulated-batch-", 0).factory());

	SimulatedBatches(BatchProcessor.Context context) {
		this.context = context;
	}

	/**
	 * Creates a batch and starts processing it.
	 * @return the batch as it was created, {@code validating}
	 */
	BatchAnswer create(StoredFile input, String endpoint, Map<String, String> metadata) {
		SimulatedBatch batch = new SimulatedBatch(input.id(), endpoint, metadata,
				this.context.clock().instant().getEpochSecond());
		BatchAnswer created = batch.answer();
		synchronized (this) {
			this.batches.put(batch.id(), batch);
		}
		this.processors.execute(new BatchProcessor(this.context, batch, input));
		return created;
	}

	synchronized Optional<SimulatedBatch> find(String id) {
		return Optional.ofNullable(this.batches.get(id));
	}

	synchronized List<SimulatedBatch> newestFirst() {
		List<SimulatedBatch> listed = new ArrayList<>(this.batches.values());
		return listed.reversed();
	}

	long now() {
		return this.context.clock().instant().getEpochSecond();
	}

	/** Interrupts the batches still running and waits a little for them to stop. */
	@Override
	public void close() {
		this.processors.shutdownNow();
		try {
			this.processors.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
