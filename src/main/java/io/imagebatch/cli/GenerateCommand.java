package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.Run;
import io.imagebatch.run.Runs;
import io.imagebatch.system.EmbeddedParts;
import io.imagebatch.system.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code generate <input>}: one run, start to end: {@code submit}, work on it in this
 * process (any running worker helps), and {@code wait}.
 */
@Command(name = "generate", description = {
		"Generate images for every input row (a CSV file, an S3 object, a database source) and store them in S3.",
		"Runs in this process, never through a server: 'submit --server URL' and 'wait --server URL' do that." })
class GenerateCommand extends RunExecutingCommand {

	@Mixin
	RunInput input;

	@Mixin
	RunOptions options;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		Runs runs = context.getBean(Runs.class);
		Run run = runs.create(this.options.request(this.input.input));
		String embedded = context.getBean(EmbeddedParts.class).notice();
		err.printf("Run %s: %s via gateway '%s', %s%n", run.id(), TerminalText.line(run.source()),
				TerminalText.line(run.gateway()),
				(run.mode() == CallMode.BATCH) ? "in the provider's batches (half price, within 24 hours)"
						: run.concurrency() + " calls at a time");
		if (!embedded.isEmpty()) {
			err.println(embedded);
		}
		return execute(new DatabaseRunAccess(context), run, runs::execute, out, err);
	}

}
