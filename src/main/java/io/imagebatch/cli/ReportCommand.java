package io.imagebatch.cli;

import java.io.PrintWriter;

import io.imagebatch.run.RunReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report <run>}: outcome and cost by model, size and quality.
 */
@Command(name = "report", description = "Cost and outcome report of a run.")
class ReportCommand implements Cli.ClientCommand {

	enum Format {

		table, json, csv

	}

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
	Format format;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) {
		RunReportJson report = runs.report(this.run);
		ReportRenderer renderer = new ReportRenderer(runs.json());
		switch (this.format) {
			case table -> renderer.table(report, out);
			case json -> renderer.json(report, out);
			case csv -> renderer.csv(report, out);
		}
		return Cli.OK;
	}

}
