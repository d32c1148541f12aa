package io.imagebatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.CsvSource;
import io.imagebatch.input.EditsCsv;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunNotFound;
import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resubmit <run>}: a new run from a run's failed items, linked to it, and executed
 * to its end like {@code generate}.
 */
@Command(name = "resubmit",
		description = "Run a run's failed items again as a new run linked to it: all of them, those of some "
				+ "error types, or chosen ones; edited for all (--set) or per item (--edits).")
class ResubmitCommand extends RunExecutingCommand implements Cli.ClientCommand {

	@Parameters(index = "0", paramLabel = "<run>", description = "a run id, or 'latest'")
	String run;

	@Option(names = "--error-type", paramLabel = "TYPE",
			description = "only items of this type (repeatable): ${COMPLETION-CANDIDATES}")
	List<ErrorType> errorTypes = new ArrayList<>();

	@Option(names = "--item", paramLabel = "ID", description = "only this item, by its id (repeatable)")
	List<String> items = new ArrayList<>();

	@Option(names = "--set", paramLabel = "COLUMN=VALUE",
			description = "change a column of every item, e.g. model=gpt-image-1 (repeatable); "
					+ "an empty value removes the column: style=")
	Map<String, String> overrides = new LinkedHashMap<>();

	@Option(names = "--edits", paramLabel = "CSV",
			description = "a CSV of id,prompt,... with changes per item (wins over --set)")
	@Nullable Path edits;

	@Option(names = "--mode", paramLabel = "sync|batch", converter = RunOptions.ModeConverter.class,
			description = "sync, or batch (the provider's Batch API, half price within 24 h) (default: the parent run's)")
	@Nullable CallMode mode;

	@Option(names = "--name", description = "a name for the new run")
	@Nullable String name;

	@Option(names = "--gateway", description = "the gateway to use (default: the parent run's)")
	@Nullable String gateway;

	@Option(names = "--concurrency", description = "calls in flight at most (default: the parent run's)")
	@Nullable Integer concurrency;

	@Option(names = "--budget-usd", description = "stop before the call that would take spending past this")
	@Nullable BigDecimal budgetUsd;

	@Mixin
	ServerOptions server;

	@Override
	public ServerOptions server() {
		return this.server;
	}

	private static final String HOW_TO_CHOOSE = System.lineSeparator()
			+ "Choose items with --item ID or --error-type TYPE; change them with --set column=value "
			+ "(--set column= removes a column) or --edits file.csv.";

	@Override
	public int run(RunAccess runs, PrintWriter out, PrintWriter err) throws Exception {
		Run parent = runs.find(this.run);
		ResubmissionPlan plan;
		try {
			Resubmission resubmission = new Resubmission(parent.id(), new LinkedHashSet<>(this.errorTypes),
					new LinkedHashSet<>(this.items), this.overrides,
					(this.edits != null) ? EditsCsv.read(CsvSource.of(this.edits)) : Map.of());
			plan = runs.resubmit(resubmission, this.name, this.gateway, this.budgetUsd, this.concurrency, this.mode);
		}
		catch (IllegalArgumentException ex) {
			if (ex instanceof RunNotFound || (ex instanceof ServerRefusal refusal && refusal.notFound())) {
				throw ex;
			}
			// the run feature says what is refused; the command line says how to choose
			throw new IllegalArgumentException(ex.getMessage() + HOW_TO_CHOOSE, ex);
		}
		Run run = plan.run();
		err.printf("Run %s: resubmits %d failed items of run %s via gateway '%s', %d calls at a time%n", run.id(),
				plan.items(), parent.id(), TerminalText.line(run.gateway()), run.concurrency());
		if (plan.invalidLeftOut() > 0) {
			err.printf("  %d INVALID items left out: choose them (--item, --error-type INVALID) with an edit, "
					+ "or edit them one by one (--edits)%n", plan.invalidLeftOut());
		}
		if (plan.resubmittedBefore() > 0) {
			err.printf("  note: %d of these items were resubmitted before (%s); those retries stay on record%n",
					plan.resubmittedBefore(), String.join(", ", plan.earlierResubmissions()));
		}
		return execute(runs, run, runs::execute, out, err);
	}

}
