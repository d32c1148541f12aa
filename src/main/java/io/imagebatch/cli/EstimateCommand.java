package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.estimate.SpendEstimate;
import io.imagebatch.estimate.SpendEstimates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code estimate <input>}: what a run of the input would cost and take, before anything
 * is spent.
 */
@Command(name = "estimate",
		description = "Validate every input row and price it at list price, synchronous and batch, by model, size "
				+ "and quality, with the time the gateway's rate limits need. Spends nothing and creates no run.",
		exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:every row is valid and priced",
				"2:some rows are INVALID or have no known price", "64:usage error or unusable input" })
class EstimateCommand implements Cli.ApplicationCommand {

	enum Format {

		table, json

	}

	@Mixin
	RunInput input;

	@Mixin
	RunOptions options;

	@Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
	Format format;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		SpendEstimate estimate = context.getBean(SpendEstimates.class).estimate(this.options.request(this.input.input));
		EstimateRenderer renderer = new EstimateRenderer(context.getBean(JsonMapper.class));
		switch (this.format) {
			case table -> renderer.table(estimate, out);
			case json -> renderer.json(estimate, out);
		}
		return estimate.complete() ? Cli.OK : Cli.ITEMS_FAILED;
	}

}
