package io.imagebatch.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A pause between two looks at something a test waits for (a child process's output, a
 * simulator's count): short, so the test reacts at once, and not a busy spin, which on
 * two cores would take one from the process being watched.
 */
public final class Polling {

	private static final long PAUSE_NANOS = Duration.ofMillis(5).toNanos();

	private Polling() {
	}

	public static void pause() {
		LockSupport.parkNanos(PAUSE_NANOS);
	}

	/**
	 * Looks until the condition holds.
	 * @param what what is waited for, and what was seen, for the failure message
	 * @throws AssertionError when it does not hold within {@code timeout}
	 */
	public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("waited " + timeout.toSeconds() + " s in vain for " + what.get());
			}
			LockSupport.parkNanos(PAUSE_NANOS * 4);
		}
	}

}
