package io.imagebatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * On SIGTERM (or Ctrl-C), asks the running command to wind down and waits, for at most
 * {@code imagebatch.run.shutdown-grace}, until it has finished and closed the
 * application, so that calls in flight are stored (the run ends STOPPED, or a worker's
 * runs go on elsewhere) instead of being cut off; the process then exits with the
 * command's exit code. What is still in flight after the grace period goes back to the
 * queue for another worker or a {@code restart}, checked for before it is paid again.
 */
final class GracefulShutdown {

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile int exitCode = Cli.RUN_FAILED;

	private final Thread hook;

	private GracefulShutdown(Cli.ApplicationCommand command, ConfigurableApplicationContext context, PrintWriter err) {
		Duration grace = grace(context);
		this.hook = new Thread(() -> {
			if (this.finished.getCount() == 0) {
				return;
			}
			err.println();
			err.printf("Stopping: no new calls; waiting up to %d s for calls in flight to be stored…%n",
					grace.toSeconds());
			err.flush();
			try {
				command.stopGracefully(context);
				if (this.finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
					// wound down in time: exit as the command said (a worker that left
					// cleanly, 0; a stopped run, 1), not as a process killed by a signal
					err.flush();
					Runtime.getRuntime().halt(this.exitCode);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				// the process is going away: there is no one left to tell
			}
		}, "imagebatch-shutdown");
	}

	/**
	 * How long calls in flight may take to be stored once the process is asked to stop.
	 */
	static Duration grace(ConfigurableApplicationContext context) {
		return context.getEnvironment()
			.getProperty("imagebatch.run.shutdown-grace", Duration.class, Duration.ofSeconds(30));
	}

	static GracefulShutdown install(Cli.ApplicationCommand command, ConfigurableApplicationContext context,
			PrintWriter err) {
		GracefulShutdown shutdown = new GracefulShutdown(command, context, err);
		Runtime.getRuntime().addShutdownHook(shutdown.hook);
		return shutdown;
	}

	/** The command ended with this exit code and the application is closed. */
	void finished(int exitCode) {
		this.exitCode = exitCode;
		this.finished.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down: the hook is running and sees the latch
		}
	}

}
