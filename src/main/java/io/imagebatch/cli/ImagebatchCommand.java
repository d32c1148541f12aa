package io.imagebatch.cli;

import picocli.CommandLine.Command;

/**
 * The top-level command; the work is in its subcommands.
 */
@Command(name = "imagebatch", mixinStandardHelpOptions = true, version = "imagebatch 0.1.0",
		description = "Turns prompt rows into stored, paid-for, accounted images.%n"
				+ "Spring properties go next to the command: --imagebatch.gateways.openai.base-url=...",
		subcommands = { GenerateCommand.class, SubmitCommand.class, WaitCommand.class, WorkerCommand.class,
				WorkersCommand.class, RunsCommand.class, StatusCommand.class, ReportCommand.class,
				FailuresCommand.class, ResubmitCommand.class, ManifestCommand.class, RestartCommand.class,
				StopCommand.class, EstimateCommand.class, ScheduleCommand.class, ServeCommand.class,
				SimulatorCommand.class, BenchCommand.class })
class ImagebatchCommand {

}
