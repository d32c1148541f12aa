package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import io.imagebatch.run.Runs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code stop <run>}: stop a running run gracefully, from any process.
 */
@Command(name = "stop", description = "Stop a running run: no new calls; calls in flight finish and are stored.")
class StopCommand implements Cli.ApplicationCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Run run = context.getBean(Runs.class).stop(this.run);
		out.printf("Stop requested for run %s: it starts no new call and ends STOPPED once the calls in flight "
				+ "are stored; 'restart %s' continues it.%n", run.id(), run.id());
		return Cli.OK;
	}

}
