package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code report <run>}: outcome and cost by model, size and quality.
 */
@Command(name = "report", description = "Cost and outcome report of a run.")
class ReportCommand implements Cli.ApplicationCommand {

	enum Format {

		table, json, csv

	}

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
	Format format;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
		RunReport report = context.getBean(RunReports.class).report(this.run);
		ReportRenderer renderer = new ReportRenderer(context.getBean(JsonMapper.class));
		switch (this.format) {
			case table -> renderer.table(report, out);
			case json -> renderer.json(report, out);
			case csv -> renderer.csv(report, out);
		}
		return Cli.OK;
	}

}
