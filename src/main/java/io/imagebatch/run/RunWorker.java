package io.imagebatch.run;

/**
 * A worker holding items of a run.
 *
 * @param workerId the worker
 * @param itemsInFlight how many of the run's items it holds in flight
 * @param live whether it is alive: the items of a dead one go back to the queue as soon
 * as a live worker notices
 */
public record RunWorker(String workerId, long itemsInFlight, boolean live) {

}
