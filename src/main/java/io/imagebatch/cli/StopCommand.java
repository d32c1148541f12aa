package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code stop <run>}: stop a running run gracefully, from any process.
 */
@Command(name = "stop", description = "Stop a running run: no new calls; calls in flight finish and are stored.")
class StopCommand implements Cli.ClientCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		Run run = runs.stop(this.run);
		out.printf("Stop requested for run %s: it starts no new call and ends STOPPED once the calls in flight "
				+ "are stored; 'restart %s' continues it.%n", run.id(), run.id());
		return Cli.OK;
	}

}
