package io.imagebatch.cli;

import java.math.BigDecimal;
import java.util.List;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemFailure;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Resubmissions;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.imagebatch.web.RunView;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs reached in this process through the run module, on the database; a run restarted
 * or resubmitted executes here.
 */
final class DatabaseRunAccess implements RunAccess {

	private final Runs runs;

	private final RunReports reports;

	private final ConfigurableApplicationContext context;

	DatabaseRunAccess(ConfigurableApplicationContext context) {
		this.context = context;
		this.runs = context.getBean(Runs.class);
		this.reports = context.getBean(RunReports.class);
	}

	@Override
	public Run find(String run) {
		return this.runs.find(run);
	}

	@Override
	public RunOverview overview(String run) {
		return overview(this.runs.find(run));
	}

	private RunOverview overview(Run run) {
		boolean running = run.status() == RunStatus.RUNNING;
		boolean batch = run.mode() == CallMode.BATCH;
		return new RunOverview(run, this.reports.counts(run.id()), this.reports.spent(run.id()),
				running ? this.runs.owner(run.id()).orElse(null) : null, this.runs.orphaned(run),
				running ? this.runs.workersOf(run.id()) : List.of(), this.reports.saved(run),
				batch ? this.runs.batchParts(run.id()).stream().map(RunView.Batch::of).toList() : List.of());
	}

	@Override
	public List<RunOverview> recent(int limit) {
		return this.reports.recent(limit).stream().map(this::overview).toList();
	}

	@Override
	public RunProgress progress(String runId) {
		return this.reports.progress(runId);
	}

	@Override
	public RunReportJson report(String run) {
		return RunReportJson.of(this.reports.report(run));
	}

	@Override
	public List<ItemFailure> failures(String runId, @Nullable ErrorType type) {
		return this.reports.failures(runId, type);
	}

	@Override
	public Run submit(RunRequest request) {
		return this.runs.create(request);
	}

	@Override
	public Run awaitEnd(String runId) throws InterruptedException {
		return this.runs.awaitEnd(runId);
	}

	@Override
	public Run stop(String run) {
		return this.runs.stop(run);
	}

	@Override
	public Run restart(String runId, @Nullable BigDecimal budgetUsd) {
		return this.runs.restart(runId, budgetUsd);
	}

	@Override
	public ResubmissionPlan resubmit(Resubmission resubmission, @Nullable String name, @Nullable String gateway,
			@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable CallMode mode) {
		return this.context.getBean(Resubmissions.class)
			.create(resubmission, name, gateway, budgetUsd, concurrency, mode);
	}

	@Override
	public Run execute(String runId) throws InterruptedException {
		return this.runs.execute(runId);
	}

	@Override
	public JsonMapper json() {
		return this.context.getBean(JsonMapper.class);
	}

}
