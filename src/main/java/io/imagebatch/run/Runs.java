package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.CostLine;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.storage.ImageStore;
import io.imagebatch.storage.ObjectKeyTemplate;
import io.imagebatch.storage.StorageProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The run feature's front door: create and execute runs, look them up, report on them.
 */
@Component
public class Runs {

	private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final RunRepository runs;

	private final ItemRepository items;

	private final CostLedger ledger;

	private final JobOperator jobOperator;

	private final Job generateJob;

	private final JobRepository jobRepository;

	private final ObjectProvider<Gateways> gateways;

	private final ObjectProvider<ImageStore> store;

	private final RowSources sources;

	private final RunProperties properties;

	private final StorageProperties storage;

	private final ObjectKeyTemplate keys;

	private final Clock clock;

	Runs(RunRepository runs, ItemRepository items, CostLedger ledger, JobOperator jobOperator, Job generateJob,
			JobRepository jobRepository, ObjectProvider<Gateways> gateways, ObjectProvider<ImageStore> store,
			RowSources sources, RunProperties properties, StorageProperties storage, ObjectKeyTemplate keys,
			Clock clock) {
		this.runs = runs;
		this.items = items;
		this.ledger = ledger;
		this.jobOperator = jobOperator;
		this.generateJob = generateJob;
		this.jobRepository = jobRepository;
		this.gateways = gateways;
		this.store = store;
		this.sources = sources;
		this.properties = properties;
		this.storage = storage;
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * Creates a run after checking what can be checked before spending anything: the
	 * gateway exists, the store answers, and the input is readable with a {@code prompt}
	 * column.
	 * @param request what to run
	 * @return the new PENDING run
	 * @throws io.imagebatch.input.InputException when the input cannot be used
	 * @throws IllegalArgumentException for an unknown gateway or a bad option
	 */
	public Run create(RunRequest request) {
		return create(request, null, null);
	}

	/**
	 * Creates a run, or a resubmission of a parent run's items (checked by
	 * {@link Resubmissions} against the parent's items rather than by reading a source).
	 */
	Run create(RunRequest request, @Nullable String parentRunId, @Nullable Resubmission resubmission) {
		Gateway chosen = this.gateways.getObject().get(request.gateway());
		String gateway = chosen.name();
		int concurrency = (request.concurrency() != null) ? request.concurrency()
				: (this.properties.concurrency() != null) ? this.properties.concurrency() : chosen.maxConcurrency();
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
		}
		if (request.budgetUsd() != null) {
			checkBudget(request.budgetUsd());
		}
		// reach the store now: a wrong endpoint or bucket fails before the run exists
		this.store.getObject();
		if (resubmission == null) {
			// a missing file or prompt column fails here, before any run exists
			this.sources.check(request.source());
		}
		Run run = new Run(newRunId(), request.name(), request.source(), gateway, RunStatus.PENDING, null,
				request.defaults(), request.budgetUsd(), concurrency, parentRunId, this.clock.instant(), null, null);
		this.runs.insert(run, resubmission);
		return run;
	}

	/**
	 * Executes a created run to its end, on this thread.
	 * @param runId the run
	 * @return the run as it ended
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run execute(String runId) {
		RunState claimed = this.runs.claim(state(runId), RunHeartbeat.OWNER, null);
		try {
			this.jobOperator.start(this.generateJob, parameters(runId));
		}
		catch (Exception ex) {
			giveUp(claimed, "could not start: " + ex.getMessage());
			throw new IllegalStateException("Could not start run " + runId + ": " + ex.getMessage(), ex);
		}
		return find(runId);
	}

	/**
	 * Continues a run that failed or stopped, on this thread, without redoing settled
	 * items: the load step is complete and skipped, PENDING items are generated.
	 * @param idOrLatest the run
	 * @param budgetUsd a new spending cap, or {@code null} to keep the run's
	 * @return the run as it ended
	 * @throws RunChangeRefused when the run cannot be restarted where it is
	 * @throws IllegalArgumentException for a bad budget, or a run that never started
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run restart(String idOrLatest, @Nullable BigDecimal budgetUsd) {
		Run run = find(idOrLatest);
		RunState read = state(run.id());
		boolean crashed = read.status() == RunStatus.RUNNING && crashed(run);
		if (read.status() != RunStatus.FAILED && read.status() != RunStatus.STOPPED && !crashed) {
			throw new RunChangeRefused(run.id(), RunChangeRefused.Change.RESTART, read.status(), read.owner(), false);
		}
		if (budgetUsd != null) {
			checkBudget(budgetUsd);
		}
		JobExecution last = this.jobRepository.getLastJobExecution(GenerateJobConfiguration.JOB_NAME,
				parameters(run.id()));
		if (last == null) {
			throw new IllegalArgumentException("run " + run.id() + " never started; nothing to restart");
		}
		// decides between commands arriving together: of a stop and a restart, or two
		// restarts, only the first to write wins
		RunState claimed = this.runs.claim(read, RunHeartbeat.OWNER, budgetUsd);
		try {
			if (crashed) {
				// the process died without telling Spring Batch: mark its execution
				// failed first
				this.jobOperator.recover(last);
			}
			this.jobOperator.restart(last);
		}
		catch (Exception ex) {
			giveUp(claimed, "could not restart: " + ex.getMessage());
			throw new IllegalStateException("Could not restart run " + run.id() + ": " + ex.getMessage(), ex);
		}
		return find(run.id());
	}

	/**
	 * Asks a running run to stop, wherever it runs: it starts no new call, finishes and
	 * stores the calls in flight, and ends STOPPED.
	 * @throws RunChangeRefused when the run is not running, or its process is gone
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run stop(String idOrLatest) {
		Run run = find(idOrLatest);
		RunState read = state(run.id());
		boolean crashed = read.status() == RunStatus.RUNNING && crashed(run);
		if (read.status() != RunStatus.RUNNING || crashed) {
			throw new RunChangeRefused(run.id(), RunChangeRefused.Change.STOP, read.status(), read.owner(), crashed);
		}
		this.runs.requestStop(read);
		return run;
	}

	/** Whether the process running a RUNNING run has stopped beating. */
	public boolean crashed(Run run) {
		return run.status() == RunStatus.RUNNING
				&& this.runs.liveness(run.id()).map((liveness) -> liveness.isGone(this.clock.instant())).orElse(true);
	}

	/** Who is running the run and when it last beat. */
	public Optional<RunLiveness> liveness(String runId) {
		return this.runs.liveness(runId);
	}

	/**
	 * A run by id, or the most recent one for {@code latest}.
	 * @throws RunNotFound when there is no such run
	 * @throws IllegalArgumentException for {@code latest} when there are no runs
	 */
	public Run find(String idOrLatest) {
		if ("latest".equals(idOrLatest)) {
			return this.runs.latest().orElseThrow(() -> new IllegalArgumentException("there are no runs yet"));
		}
		return this.runs.find(idOrLatest).orElseThrow(() -> new RunNotFound(idOrLatest));
	}

	public List<Run> recent(int limit) {
		return this.runs.recent(limit);
	}

	public ItemCounts counts(String runId) {
		return this.items.counts(runId);
	}

	public BigDecimal spent(String runId) {
		return this.ledger.spent(runId);
	}

	public List<ItemFailure> failures(String runId, @Nullable ErrorType type) {
		return this.items.failures(runId, type);
	}

	public RunReport report(String idOrLatest) {
		Run run = find(idOrLatest);
		List<CostLine> lines = this.ledger.byModel(run.id());
		BigDecimal cost = lines.stream()
			.map(CostLine::usd)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(Cost.SCALE);
		long unpriced = lines.stream().mapToLong(CostLine::unpricedImages).sum();
		Map<ErrorType, Long> failures = this.items.failuresByType(run.id());
		String location = "s3://" + this.storage.bucket() + "/" + this.keys.runFolder(run.id());
		return new RunReport(run, this.items.counts(run.id()), this.items.imagesStored(run.id()), cost, unpriced, lines,
				failures, location, lineage(run), this.runs.manifestUri(run.id()).orElse(null));
	}

	private RunLineage lineage(Run run) {
		List<RunLineage.Resubmitted> resubmissions = this.runs.descendants(run.id())
			.stream()
			.map((descendant) -> new RunLineage.Resubmitted(descendant, this.items.counts(descendant.id()),
					this.ledger.spent(descendant.id())))
			.toList();
		BigDecimal retryCost = resubmissions.stream()
			.map(RunLineage.Resubmitted::costUsd)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(Cost.SCALE);
		ItemRepository.RetryCounts retries = this.items.retryCounts(run.id());
		return new RunLineage(run.parentRunId(), resubmissions, retries.retried(), retries.moreThanOnce(), retryCost);
	}

	private RunState state(String runId) {
		return this.runs.state(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "'"));
	}

	/**
	 * A run claimed but whose job never began is not left looking RUNNING: it ends
	 * FAILED, to be restarted.
	 */
	private void giveUp(RunState claimed, String reason) {
		RunState now = state(claimed.id());
		if (now.status() == RunStatus.RUNNING && now.version() == claimed.version()) {
			this.runs.ended(now, RunStatus.FAILED, reason, null);
		}
	}

	private static JobParameters parameters(String runId) {
		return new JobParametersBuilder().addString(GenerateJobConfiguration.RUN_PARAMETER, runId).toJobParameters();
	}

	private static void checkBudget(BigDecimal budgetUsd) {
		if (budgetUsd.signum() <= 0) {
			throw new IllegalArgumentException("a budget must be more than 0 USD, got " + budgetUsd);
		}
	}

	private String newRunId() {
		return RUN_ID_TIME.format(this.clock.instant()) + "-"
				+ HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
	}

}
