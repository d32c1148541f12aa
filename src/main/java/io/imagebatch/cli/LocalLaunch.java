package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.List;

import io.imagebatch.system.TerminalText;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a parsed command in this process: boots the application (embedded parts start only
 * when the command needs them), runs the command, and winds it down on SIGTERM. Kept
 * apart from {@link Cli} so that a command run through a server loads no class of
 * Spring's.
 */
final class LocalLaunch {

	private LocalLaunch() {
	}

	static int run(Cli.ApplicationCommand command, List<String> springArgs, PrintWriter out, PrintWriter err) {
		ConfigurableApplicationContext context;
		try {
			SpringApplication application = new SpringApplication(command.application());
			application.setWebApplicationType(WebApplicationType.NONE);
			command.configure(application);
			// Spring's hook would close the context under a running job; ours stops it
			// first
			application.setRegisterShutdownHook(false);
			context = application.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			err.println("imagebatch could not start: " + TerminalText.lines(startFailure(ex)));
			return Cli.RUN_FAILED;
		}
		GracefulShutdown shutdown = GracefulShutdown.install(command, context, err);
		int exitCode = Cli.RUN_FAILED;
		try (context) {
			exitCode = command.run(context, out, err);
			return exitCode;
		}
		catch (Exception ex) {
			exitCode = Cli.failed(ex, err);
			return exitCode;
		}
		finally {
			out.flush();
			err.flush();
			shutdown.finished(exitCode);
		}
	}

	/** The root cause, naming the property whose value could not be bound. */
	private static String startFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				String message = Cli.rootMessage(ex);
				String property = bind.getName().toString();
				return message.contains(property) ? message : property + ": " + message;
			}
		}
		return Cli.rootMessage(ex);
	}

}
