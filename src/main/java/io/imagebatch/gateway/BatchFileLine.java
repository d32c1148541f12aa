package io.imagebatch.gateway;

import io.imagebatch.system.Spool;

/**
 * One line of a provider batch's output or error file, as {@link BatchApi#readLines}
 * reads it.
 */
public sealed interface BatchFileLine {

	/** The line's number in the file, counted from 1. */
	long number();

	/**
	 * A line within the length limit.
	 *
	 * @param number the line's number, counted from 1
	 * @param bytes the line without its newline; closed by {@link BatchApi#readLines}
	 * once the consumer returns
	 */
	record Content(long number, Spool bytes) implements BatchFileLine {

	}

	/**
	 * A line longer than the limit: skipped to the next newline, never held.
	 *
	 * @param number the line's number, counted from 1
	 * @param bytes how long it was
	 */
	record TooLong(long number, long bytes) implements BatchFileLine {

	}

}
