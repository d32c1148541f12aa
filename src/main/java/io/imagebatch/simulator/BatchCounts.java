package io.imagebatch.simulator;

/**
 * What the simulator's Batch API has been asked to do since it was created; the counts
 * only grow, deleting a file or ending a batch takes nothing away.
 *
 * @param filesUploaded files taken by {@code POST /v1/files}
 * @param batchesCreated batches taken by {@code POST /v1/batches}
 * @param batchesCancelled batches whose cancellation was accepted
 * @param filesDeleted files removed by {@code DELETE /v1/files/{id}}
 */
public record BatchCounts(long filesUploaded, long batchesCreated, long batchesCancelled, long filesDeleted) {

}
