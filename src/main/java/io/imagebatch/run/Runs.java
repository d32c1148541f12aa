package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.storage.ImageStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The run feature's front door: create, execute, restart and stop runs, and look them up;
 * {@link RunReports} tells what they did and cost.
 */
@Component
public class Runs {

	private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	/** How often a run followed to its end is looked at. */
	private static final java.time.Duration AWAIT_POLL = java.time.Duration.ofMillis(500);

	private final RunRepository runs;

	private final RunOwnership ownership;

	private final Workers workers;

	private final RunHalts halts;

	private final ObjectProvider<Gateways> gateways;

	private final ObjectProvider<ImageStore> store;

	private final RowSources sources;

	private final RunProperties properties;

	private final Clock clock;

	private final BatchPartRepository batchParts;

	Runs(RunRepository runs, RunOwnership ownership, Workers workers, RunHalts halts, ObjectProvider<Gateways> gateways,
			ObjectProvider<ImageStore> store, RowSources sources, RunProperties properties, Clock clock,
			BatchPartRepository batchParts) {
		this.runs = runs;
		this.batchParts = batchParts;
		this.ownership = ownership;
		this.workers = workers;
		this.halts = halts;
		this.gateways = gateways;
		this.store = store;
		this.sources = sources;
		this.properties = properties;
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
		return create(request, null, null, null);
	}

	/**
	 * Creates the run of a schedule's firing, as {@link #create(RunRequest)} does.
	 * @throws org.springframework.dao.DuplicateKeyException when the firing has a run
	 * already
	 */
	public Run create(RunRequest request, ScheduledFiring firing) {
		return create(request, null, null, firing);
	}

	/**
	 * Checks a source can be read, before anything is created or spent, as
	 * {@link #create(RunRequest)} does.
	 * @throws io.imagebatch.input.InputException when it cannot
	 */
	public void checkSource(String source) {
		this.sources.check(source);
	}

	/**
	 * Creates a run, or a resubmission of a parent run's items (checked by
	 * {@link Resubmissions} against the parent's items rather than by reading a source).
	 */
	Run create(RunRequest request, @Nullable String parentRunId, @Nullable Resubmission resubmission) {
		return create(request, parentRunId, resubmission, null);
	}

	private Run create(RunRequest request, @Nullable String parentRunId, @Nullable Resubmission resubmission,
			@Nullable ScheduledFiring firing) {
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
		Run run = new Run(newRunId(), request.name(), request.source(), gateway, RunStatus.QUEUED, null,
				request.defaults(), request.budgetUsd(), concurrency, parentRunId, this.clock.instant(), null, null,
				this.sources.skipDone(request), 0, (firing != null) ? firing.scheduleName() : null,
				(firing != null) ? firing.fireTime() : null, (request.mode() != null) ? request.mode() : chosen.mode());
		this.runs.insert(run, resubmission, firing);
		return run;
	}

	/**
	 * Executes a QUEUED run to its end in this process: owns its job on this thread and
	 * works on its items (other workers may help). Should a worker have started it first,
	 * this process helps with its items and follows it to its end.
	 * @param runId the run
	 * @return the run as it ended
	 */
	public Run execute(String runId) throws InterruptedException {
		try (ItemWorker items = this.workers.itemWorker("generate", runId::equals)) {
			try {
				this.ownership.start(runId);
			}
			catch (RunChangedConcurrently ex) {
				awaitEnd(runId);
			}
		}
		return find(runId);
	}

	/**
	 * Continues a run that failed or stopped, or whose owner is gone, in this process,
	 * without redoing settled items: the load step is complete and skipped, PENDING items
	 * are generated.
	 * @param idOrLatest the run
	 * @param budgetUsd a new spending cap, or {@code null} to keep the run's
	 * @return the run as it ended
	 * @throws RunChangeRefused when the run cannot be restarted where it is
	 * @throws IllegalArgumentException for a bad budget, or a run that never started
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run restart(String idOrLatest, @Nullable BigDecimal budgetUsd) {
		Run run = find(idOrLatest);
		if (budgetUsd != null) {
			checkBudget(budgetUsd);
		}
		try (ItemWorker items = this.workers.itemWorker("restart", run.id()::equals)) {
			this.ownership.restart(run.id(), budgetUsd);
		}
		return find(run.id());
	}

	/**
	 * Continues a run that failed or stopped, or whose owner is gone, on whichever worker
	 * adopts it first, without redoing settled items; returns at once.
	 * @param idOrLatest the run
	 * @param budgetUsd a new spending cap, or {@code null} to keep the run's
	 * @return the run, RUNNING and waiting for a worker
	 * @throws RunChangeRefused when the run cannot be restarted where it is
	 * @throws IllegalArgumentException for a bad budget, or a run that never started
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run restartAnywhere(String idOrLatest, @Nullable BigDecimal budgetUsd) {
		Run run = find(idOrLatest);
		if (budgetUsd != null) {
			checkBudget(budgetUsd);
		}
		this.ownership.restartAnywhere(run.id(), budgetUsd);
		return find(run.id());
	}

	/**
	 * Follows a run until it ends, wherever it executes.
	 * @return the run as it ended
	 */
	public Run awaitEnd(String idOrLatest) throws InterruptedException {
		String runId = find(idOrLatest).id();
		while (true) {
			Run run = find(runId);
			if (run.status().isFinal()) {
				return run;
			}
			Thread.sleep(AWAIT_POLL);
		}
	}

	/**
	 * Asks a running run to stop, wherever it runs: no worker starts a new call for it,
	 * calls in flight are finished and stored, and it ends STOPPED.
	 * @throws RunChangeRefused when the run is not running, or its owner is gone
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	public Run stop(String idOrLatest) {
		Run run = find(idOrLatest);
		RunState read = state(run.id());
		boolean orphaned = read.status() == RunStatus.RUNNING && !this.ownership.ownerIsLive(read);
		if (read.status() != RunStatus.RUNNING || orphaned) {
			throw new RunChangeRefused(run.id(), RunChangeRefused.Change.STOP, read.status(), read.owner(), orphaned);
		}
		this.runs.requestStop(read);
		return run;
	}

	/**
	 * Stops a run this process executes (SIGTERM to {@code generate}): for every worker
	 * when it can be asked, here at least.
	 */
	public void stopHere(String runId) {
		this.halts.requestHere(runId);
		try {
			stop(runId);
		}
		catch (RuntimeException ex) {
			// not running yet, or ending: stopping here is all there is to do
		}
	}

	/**
	 * Whether the worker owning a RUNNING run is gone, judged on the database's clock.
	 */
	public boolean orphaned(Run run) {
		return run.status() == RunStatus.RUNNING
				&& this.runs.state(run.id()).map((state) -> !this.ownership.ownerIsLive(state)).orElse(false);
	}

	/** The worker that owns the run's job, if any. */
	public Optional<String> owner(String runId) {
		return this.runs.state(runId).map(RunState::owner);
	}

	/**
	 * A batch-mode run's parts: its files and the provider's batches made from them, with
	 * what the provider last said of each; none for a synchronous run.
	 */
	public List<BatchPart> batchParts(String runId) {
		return this.batchParts.ofRun(runId);
	}

	/** The workers holding the run's items in flight now. */
	public List<RunWorker> workersOf(String runId) {
		return this.workers.ofRun(runId);
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

	private RunState state(String runId) {
		return this.runs.state(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "'"));
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
