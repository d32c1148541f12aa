package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code submit <input>}: creates the run QUEUED for any worker, prints its id, exits.
 */
@Command(name = "submit",
		description = "Create a run QUEUED for the workers and print its id; 'wait <run>' follows it to its end.")
class SubmitCommand implements Cli.ClientCommand {

	@Mixin
	RunInput input;

	@Mixin
	RunOptions options;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		// through a server, a local CSV file is uploaded
		Run run = runs.submit(this.options.request(this.input.input));
		out.println(run.id());
		err.printf("Run %s is QUEUED: any worker starts it ('imagebatch worker'); 'imagebatch wait %s' follows it.%n",
				run.id(), run.id());
		return Cli.OK;
	}

}
