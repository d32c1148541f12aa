package io.imagebatch.run;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Owning a run's Spring Batch job in this process: starting a QUEUED run, restarting a
 * stopped, failed or crashed one, adopting one whose owner died or left, and handing the
 * runs owned here over ({@link OwnedRuns}) when this worker leaves. A run's job has one
 * owner at a time: each of these claims the run under its optimistic lock first, so of
 * two workers (or two commands) only one wins.
 */
@Component
class RunOwnership {

	private final RunRepository runs;

	private final WorkerRepository workers;

	private final LocalWorker worker;

	private final WorkerProperties properties;

	private final JobOperator jobOperator;

	private final Job generateJob;

	private final JobRepository jobRepository;

	RunOwnership(RunRepository runs, WorkerRepository workers, LocalWorker worker, WorkerProperties properties,
			JobOperator jobOperator, Job generateJob, JobRepository jobRepository) {
		this.runs = runs;
		this.workers = workers;
		this.worker = worker;
		this.properties = properties;
		this.jobOperator = jobOperator;
		this.generateJob = generateJob;
		this.jobRepository = jobRepository;
	}

	/**
	 * Starts a QUEUED run's job on this thread and returns when it ended (or was handed
	 * over).
	 * @throws RunChangedConcurrently when another worker took the run first
	 */
	void start(String runId) {
		RunState read = state(runId);
		if (read.status() != RunStatus.QUEUED) {
			// another worker (or the generate that submitted it) started it first
			throw new RunChangedConcurrently(runId, read.version());
		}
		startJob(this.runs.claim(read, this.worker.id(), RunRepository.Claim.START, null));
	}

	private void startJob(RunState claimed) {
		try {
			this.jobOperator.start(this.generateJob, parameters(claimed.id()));
		}
		catch (Exception ex) {
			giveUp(claimed, "could not start: " + ex.getMessage());
			throw new IllegalStateException("Could not start run " + claimed.id() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Continues a run that failed or stopped, or whose owner is gone, on this thread,
	 * without redoing settled items: the load step is complete and skipped.
	 * @throws RunChangeRefused when the run cannot be restarted where it is
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	void restart(String runId, @Nullable BigDecimal budgetUsd) {
		RunState read = restartable(runId);
		JobExecution last = lastExecution(runId);
		// of a stop and a restart, or two restarts, arriving together only the first to
		// write wins
		// its dead owner's items go back to the queue now, not at the next beat, and
		// before the budget starts afresh from what was spent
		this.workers.reap(this.properties.staleAfter());
		RunState claimed = this.runs.claim(read, this.worker.id(), RunRepository.Claim.START, budgetUsd);
		continueJob(claimed, last, "could not restart");
	}

	/**
	 * Makes a run that failed or stopped, or whose owner is gone, RUNNING without an
	 * owner, so that the first worker free adopts it and continues it without redoing
	 * settled items: a restart asked for where no item is worked on (the REST API).
	 * @throws RunChangeRefused when the run cannot be restarted where it is
	 * @throws RunChangedConcurrently when another command changed the run meanwhile
	 */
	void restartAnywhere(String runId, @Nullable BigDecimal budgetUsd) {
		RunState read = restartable(runId);
		this.workers.reap(this.properties.staleAfter());
		this.runs.claim(read, null, RunRepository.Claim.START, budgetUsd);
	}

	/**
	 * Takes over a RUNNING run whose owner died or left, on this thread, without anyone
	 * asking.
	 * @return whether this worker adopted it (another may have been first)
	 */
	boolean adopt(String runId) {
		RunState read = state(runId);
		if (read.status() != RunStatus.RUNNING || ownerIsLive(read)) {
			return false;
		}
		RunState claimed;
		try {
			claimed = this.runs.claim(read, this.worker.id(), RunRepository.Claim.ADOPT, null);
		}
		catch (RunChangedConcurrently ex) {
			return false;
		}
		this.workers.reap(this.properties.staleAfter());
		JobExecution last = lastExecution(runId);
		if (last == null) {
			// claimed, then its owner died before the job began
			startJob(claimed);
		}
		else {
			continueJob(claimed, last, "could not be adopted");
		}
		return true;
	}

	private void continueJob(RunState claimed, JobExecution last, String failure) {
		try {
			if (last.getStatus().isRunning()) {
				// its process died without telling Spring Batch: mark its execution
				// failed first
				this.jobOperator.recover(last);
			}
			this.jobOperator.restart(last);
		}
		catch (Exception ex) {
			giveUp(claimed, failure + ": " + ex.getMessage());
			throw new IllegalStateException("Run " + claimed.id() + " " + failure + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether the worker that owns a RUNNING run is alive, judged on the database clock.
	 */
	boolean ownerIsLive(RunState state) {
		if (this.worker.is(state.owner())) {
			return true;
		}
		return this.workers.isLive(state.owner(), this.properties.staleAfter());
	}

	/** The run as read, when it can be restarted. */
	private RunState restartable(String runId) {
		RunState read = state(runId);
		boolean orphaned = read.status() == RunStatus.RUNNING && !ownerIsLive(read);
		if (read.status() != RunStatus.FAILED && read.status() != RunStatus.STOPPED && !orphaned) {
			throw new RunChangeRefused(runId, RunChangeRefused.Change.RESTART, read.status(), read.owner(), false);
		}
		if (lastExecution(runId) == null) {
			throw new IllegalArgumentException("run " + runId + " never started; nothing to restart");
		}
		return read;
	}

	private @Nullable JobExecution lastExecution(String runId) {
		return this.jobRepository.getLastJobExecution(GenerateJobConfiguration.JOB_NAME, parameters(runId));
	}

	private RunState state(String runId) {
		return this.runs.state(runId).orElseThrow(() -> new RunNotFound(runId));
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

}
