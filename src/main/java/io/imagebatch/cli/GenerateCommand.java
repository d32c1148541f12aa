package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.Runs;
import io.imagebatch.system.EmbeddedParts;
import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code generate <input>}: one run, start to end.
 */
@Command(name = "generate",
		description = "Generate images for every input row (a CSV file, an S3 object, a database source) and store them in S3.")
class GenerateCommand extends RunExecutingCommand {

	@Parameters(index = "0", paramLabel = "<input>",
			description = "a CSV file, s3://bucket/key.csv, or db:<source> (imagebatch.sources.<source>.query)")
	String input;

	@Option(names = "--name", description = "a name for the run")
	@Nullable String name;

	@Option(names = "--gateway", description = "the configured gateway to use (default: the first)")
	@Nullable String gateway;

	@Option(names = "--concurrency",
			description = "calls in flight at most (default: imagebatch.run.concurrency, or the gateway's max-concurrency)")
	@Nullable Integer concurrency;

	@Option(names = "--budget-usd", description = "stop before the call that would take spending past this")
	@Nullable BigDecimal budgetUsd;

	@Option(names = "--model", description = "model for rows without a 'model' column")
	@Nullable String model;

	@Option(names = "--size", description = "size for rows without one")
	@Nullable String size;

	@Option(names = "--quality", description = "quality for rows without one")
	@Nullable String quality;

	@Option(names = "--style", description = "style for rows without one")
	@Nullable String style;

	@Option(names = "--n", description = "images per row for rows without an 'n'")
	@Nullable Integer n;

	@Option(names = "--background", description = "background for rows without one")
	@Nullable String background;

	@Option(names = "--moderation", description = "moderation for rows without one")
	@Nullable String moderation;

	@Option(names = "--output-format", description = "output format for rows without one")
	@Nullable String outputFormat;

	@Option(names = "--response-format", description = "url or b64_json for rows without one")
	@Nullable String responseFormat;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		Runs runs = context.getBean(Runs.class);
		RowDefaults defaults = new RowDefaults(this.model, this.size, this.quality, this.style, this.n, this.background,
				this.moderation, this.outputFormat, this.responseFormat);
		Run run = runs
			.create(new RunRequest(this.input, this.name, this.gateway, defaults, this.budgetUsd, this.concurrency));
		String embedded = context.getBean(EmbeddedParts.class).notice();
		err.printf("Run %s: %s via gateway '%s', %d calls at a time%n", run.id(), TerminalText.line(run.source()),
				TerminalText.line(run.gateway()), run.concurrency());
		if (!embedded.isEmpty()) {
			err.println(embedded);
		}
		return execute(context, run, runs::execute, out, err);
	}

}
