package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.imagebatch.ImagebatchApplication;
import io.imagebatch.system.TerminalText;
import picocli.CommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one command in two phases: picocli parses the arguments first, so help and usage
 * errors answer at once without starting anything; then the application boots (embedded
 * parts start only when the command needs them) and the parsed command runs. Arguments of
 * the form {@code --some.property=value} go to Spring configuration, everything else to
 * the command. Exit codes follow DESIGN §2.1.
 */
public final class Cli {

	/** Every item succeeded. */
	public static final int OK = 0;

	/** The run itself failed or stopped. */
	public static final int RUN_FAILED = 1;

	/** The run completed, some items FAILED or INVALID. */
	public static final int ITEMS_FAILED = 2;

	/** Bad usage or unusable input. */
	public static final int USAGE = 64;

	private Cli() {
	}

	public static int run(String... args) {
		return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	public static int run(PrintWriter out, PrintWriter err, String... args) {
		List<String> springArgs = new ArrayList<>();
		List<String> commandArgs = new ArrayList<>();
		for (String arg : args) {
			(isProperty(arg) ? springArgs : commandArgs).add(arg);
		}
		CommandLine commandLine = new CommandLine(new ImagebatchCommand());
		commandLine.setOut(out);
		commandLine.setErr(err);
		CommandLine.ParseResult parsed;
		try {
			parsed = commandLine.parseArgs(commandArgs.toArray(String[]::new));
		}
		catch (CommandLine.ParameterException ex) {
			err.println(TerminalText.lines(ex.getMessage()));
			ex.getCommandLine().usage(err);
			return USAGE;
		}
		if (CommandLine.printHelpIfRequested(parsed)) {
			return OK;
		}
		if (!parsed.hasSubcommand()) {
			commandLine.usage(err);
			return USAGE;
		}
		Object command = parsed.subcommand().commandSpec().userObject();
		if (!(command instanceof ApplicationCommand applicationCommand)) {
			throw new IllegalStateException(command.getClass() + " is not an ApplicationCommand");
		}
		ConfigurableApplicationContext context;
		try {
			SpringApplication application = new SpringApplication(applicationCommand.application());
			application.setWebApplicationType(WebApplicationType.NONE);
			applicationCommand.configure(application);
			// Spring's hook would close the context under a running job; ours stops it
			// first
			application.setRegisterShutdownHook(false);
			context = application.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			err.println("imagebatch could not start: " + TerminalText.lines(startFailure(ex)));
			return RUN_FAILED;
		}
		GracefulShutdown shutdown = GracefulShutdown.install(applicationCommand, context, err);
		int exitCode = RUN_FAILED;
		try (context) {
			exitCode = applicationCommand.run(context, out, err);
			return exitCode;
		}
		catch (Exception ex) {
			if (UsageErrors.isUsage(ex)) {
				err.println(UsageErrors.message(ex));
				exitCode = USAGE;
				return exitCode;
			}
			err.println("imagebatch failed: " + TerminalText.lines(rootMessage(ex)));
			return RUN_FAILED;
		}
		finally {
			out.flush();
			err.flush();
			shutdown.finished(exitCode);
		}
	}

	/** {@code --imagebatch.gateways.x.base-url=...}: a property, not a command option. */
	private static boolean isProperty(String arg) {
		if (!arg.startsWith("--") || !arg.contains("=")) {
			return false;
		}
		return arg.substring(2, arg.indexOf('=')).contains(".");
	}

	/** The root cause, naming the property whose value could not be bound. */
	private static String startFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				String message = rootMessage(ex);
				String property = bind.getName().toString();
				return message.contains(property) ? message : property + ": " + message;
			}
		}
		return rootMessage(ex);
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? message : root.getClass().getSimpleName();
	}

	/**
	 * A parsed command that needs the application to run.
	 */
	interface ApplicationCommand {

		/** The application to boot for this command. */
		default Class<?> application() {
			return ImagebatchApplication.class;
		}

		/**
		 * Adjusts the application before it boots: a command line has no web server
		 * unless its command says so.
		 */
		default void configure(SpringApplication application) {
		}

		int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception;

		/**
		 * The process is being terminated (SIGTERM): wind down what is running so that it
		 * ends cleanly. Called on the shutdown thread while {@link #run} is still going.
		 */
		default void stopGracefully(ConfigurableApplicationContext context) {
		}

	}

}
