package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import io.imagebatch.run.Runs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code submit <input>}: creates the run QUEUED for any worker, prints its id, exits.
 */
@Command(name = "submit",
		description = "Create a run QUEUED for the workers and print its id; 'wait <run>' follows it to its end.")
class SubmitCommand implements Cli.ApplicationCommand {

	@Mixin
	RunOptions options;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Run run = context.getBean(Runs.class).create(this.options.request());
		out.println(run.id());
		err.printf("Run %s is QUEUED: any worker starts it ('imagebatch worker'); 'imagebatch wait %s' follows it.%n",
				run.id(), run.id());
		return Cli.OK;
	}

}
