package io.imagebatch.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

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

}
