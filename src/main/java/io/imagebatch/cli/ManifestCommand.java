package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.Run;
import io.imagebatch.run.RunManifest;
import io.imagebatch.run.Runs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code manifest <run>}: write an ended run's {@code manifest.jsonl} again from the
 * database, when writing it at the end failed or it was deleted.
 */
@Command(name = "manifest", description = "Write an ended run's manifest.jsonl to S3 again, from the database.")
class ManifestCommand implements Cli.ApplicationCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Run run = context.getBean(Runs.class).find(this.run);
		out.println(context.getBean(RunManifest.class).rewrite(run));
		return Cli.OK;
	}

}
