package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Workers;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code worker}: a headless worker; works on every queued and running run until SIGTERM,
 * then stores its calls in flight, hands its runs over and exits 0.
 */
@Command(name = "worker",
		description = "Work on every queued and running run, with any number of other workers, until SIGTERM.")
class WorkerCommand implements Cli.ApplicationCommand {

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		context.getBean(Workers.class).workUntilLeaving("worker", GracefulShutdown.grace(context));
		return Cli.OK;
	}

	@Override
	public void stopGracefully(ConfigurableApplicationContext context) {
		context.getBean(Workers.class).leave();
	}

}
