package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.imagebatch.ImagebatchApplication;
import io.imagebatch.system.TerminalText;
import picocli.CommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one command in two phases: picocli parses the arguments first, so help and usage
 * errors answer at once without starting anything; then the application boots (embedded
 * parts start only when the command needs them) and the parsed command runs. A
 * {@link ServerCommand} given a server ({@code --server URL} or
 * {@code IMAGEBATCH_SERVER}) runs through that server's REST API instead, without booting
 * anything. Arguments of the form {@code --some.property=value} go to Spring
 * configuration, everything else to the command. Exit codes follow DESIGN §2.1.
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
		return run(System.getenv(), out, err, args);
	}

	/**
	 * Runs a command with the environment given (where {@code IMAGEBATCH_SERVER},
	 * {@code IMAGEBATCH_PASSWORD} and {@code IMAGEBATCH_TOKEN} are looked up).
	 */
	static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
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
		CommandLine.ParseResult chosen = parsed;
		while (chosen.hasSubcommand()) {
			chosen = chosen.subcommand();
		}
		Object command = chosen.commandSpec().userObject();
		if (!(command instanceof ApplicationCommand applicationCommand)) {
			// a group of commands ('imagebatch', 'schedule') without one of them
			chosen.commandSpec().commandLine().usage(err);
			return USAGE;
		}
		if (command instanceof ServerCommand client) {
			ServerOptions.ServerLogin server;
			try {
				server = client.server().login(environment);
			}
			catch (IllegalArgumentException ex) {
				err.println(TerminalText.lines(ex.getMessage()));
				return USAGE;
			}
			if (server != null) {
				// no Spring, datasource or S3: the server has them
				return RemoteLaunch.run(client, server, out, err);
			}
		}
		return LocalLaunch.run(applicationCommand, springArgs, out, err);
	}

	/**
	 * The exit code for a command that failed with this exception, after telling the user
	 * why.
	 */
	static int failed(Exception ex, PrintWriter err) {
		if (UsageErrors.isUsage(ex)) {
			err.println(UsageErrors.message(ex));
			return USAGE;
		}
		err.println("imagebatch failed: " + TerminalText.lines(rootMessage(ex)));
		return RUN_FAILED;
	}

	/** {@code --imagebatch.gateways.x.base-url=...}: a property, not a command option. */
	private static boolean isProperty(String arg) {
		if (!arg.startsWith("--") || !arg.contains("=")) {
			return false;
		}
		return arg.substring(2, arg.indexOf('=')).contains(".");
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

	/**
	 * A command that runs on the database in this process, or through a running
	 * {@code serve}'s REST API when a server is named, with the same output and exit
	 * codes.
	 */
	interface ServerCommand extends ApplicationCommand {

		/** Where the server is, if one is named. */
		ServerOptions server();

		/** Runs the command through the server. */
		int run(ServerConnection server, PrintWriter out, PrintWriter err) throws Exception;

	}

	/**
	 * A command that works on runs through a {@link RunAccess}: on the database in this
	 * process, or through a running {@code serve}'s REST API when a server is named.
	 */
	interface ClientCommand extends ServerCommand {

		int run(RunAccess runs, PrintWriter out, PrintWriter err) throws Exception;

		@Override
		default int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
			return run(new DatabaseRunAccess(context), out, err);
		}

		@Override
		default int run(ServerConnection server, PrintWriter out, PrintWriter err) throws Exception {
			return run(new HttpRunAccess(server), out, err);
		}

	}

}
