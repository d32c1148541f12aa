package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.system.TerminalText;

/**
 * Runs a parsed command through a running {@code serve}'s REST API: nothing boots here,
 * so the command answers as fast as the server does. What the server refuses maps to the
 * exit codes of the local commands: the user's to fix (a usage problem, unusable input,
 * no such run or schedule, a conflict, an upload too large, a refused login) 64; an
 * unreachable or failing server 1. No password or token is ever printed.
 */
final class RemoteLaunch {

	private RemoteLaunch() {
	}

	static int run(Cli.ServerCommand command, ServerOptions.ServerLogin server, PrintWriter out, PrintWriter err) {
		try (ServerConnection connection = new ServerConnection(server)) {
			return command.run(connection, out, err);
		}
		catch (LoginRefused ex) {
			err.println(TerminalText.lines(ex.getMessage()));
			return Cli.USAGE;
		}
		catch (ServerUnavailable ex) {
			err.println(TerminalText.lines(ex.getMessage()));
			return Cli.RUN_FAILED;
		}
		catch (Exception ex) {
			return Cli.failed(ex, err);
		}
		finally {
			out.flush();
			err.flush();
		}
	}

}
