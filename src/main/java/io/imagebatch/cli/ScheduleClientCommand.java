package io.imagebatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Mixin;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@code schedule} subcommand: on the schedules of this process's database, or through
 * a server's {@code /api/schedules} when one is named, with the same output and exit
 * codes.
 */
abstract class ScheduleClientCommand implements Cli.ServerCommand {

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	abstract int run(ScheduleAccess schedules, PrintWriter out, PrintWriter err);

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		return run(new DatabaseScheduleAccess(context), out, err);
	}

	@Override
	public int run(ServerConnection server, PrintWriter out, PrintWriter err) {
		return run(new HttpScheduleAccess(server), out, err);
	}

}
