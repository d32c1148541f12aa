package io.imagebatch.schedule;

/**
 * A run a schedule created, as lists show it.
 *
 * @param id the run's id
 * @param status its status
 */
public record ScheduledRun(String id, String status) {

}
