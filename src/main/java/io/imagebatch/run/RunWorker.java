package io.imagebatch.run;

/**
 * A worker holding items of a run.
 *
 * @param workerId the worker
 * @param itemsInFlight how many of the run's items it holds in flight
 */
public record RunWorker(String workerId, long itemsInFlight) {

}
