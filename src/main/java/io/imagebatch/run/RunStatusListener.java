package io.imagebatch.run;

import io.imagebatch.gateway.Gateways;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the run's status in step with its job execution: the one place where a batch
 * outcome becomes a run status and reason. Whatever the outcome, the run's manifest is
 * written before the run is marked ended, while its owner still owns it, so no other
 * worker adopts it under the writer's feet. A run handed over is not ended: its new owner
 * ends it.
 */
@Component
class RunStatusListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RunStatusListener.class);

	private static final int MAX_END_ATTEMPTS = 3;

	private final RunRepository runs;

	private final LocalWorker worker;

	private final OwnedRuns ownership;

	private final RunHalts halts;

	private final RunManifest manifest;

	private final ObjectProvider<Gateways> gateways;

	RunStatusListener(RunRepository runs, LocalWorker worker, OwnedRuns ownership, RunHalts halts, RunManifest manifest,
			ObjectProvider<Gateways> gateways) {
		this.runs = runs;
		this.worker = worker;
		this.ownership = ownership;
		this.halts = halts;
		this.manifest = manifest;
		this.gateways = gateways;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String runId = runId(execution);
		// RunOwnership claimed the run for this worker before starting the job; a job
		// started any other way, or a run taken over since, does not go on
		RunState state = this.runs.state(runId).orElseThrow();
		if (state.status() != RunStatus.RUNNING || !this.worker.is(state.owner())) {
			throw new RunChangedConcurrently(runId, state.version());
		}
		this.ownership.owning(runId);
	}

	@Override
	public void afterJob(JobExecution execution) {
		String runId = runId(execution);
		try {
			if (this.ownership.isHandingOver(runId)) {
				// the run goes on elsewhere: another worker adopts it at once
				this.runs.handOver(runId, this.worker.id());
				return;
			}
			Outcome outcome = outcome(execution);
			String manifest = writeManifest(runId);
			end(runId, outcome.status(), withoutKeys(outcome.reason()), manifest);
		}
		finally {
			this.ownership.released(runId);
			this.halts.forget(runId);
		}
	}

	/**
	 * A stop requested while the run was ending changes its version without changing who
	 * owns it: the end is decided again on what is read then. A run some other process
	 * took over is not this process's to end.
	 */
	private void end(String runId, RunStatus status, @Nullable String reason, @Nullable String manifest) {
		for (int attempt = 1;; attempt++) {
			RunState state = this.runs.state(runId).orElseThrow();
			if (!this.worker.is(state.owner())) {
				throw new RunChangedConcurrently(runId, state.version());
			}
			try {
				this.runs.ended(state, status, reason, manifest);
				return;
			}
			catch (RunChangedConcurrently ex) {
				if (attempt == MAX_END_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static Outcome outcome(JobExecution execution) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return new Outcome(RunStatus.COMPLETED, null);
		}
		RunHaltedException halted = execution.getAllFailureExceptions()
			.stream()
			.filter(RunHaltedException.class::isInstance)
			.map(RunHaltedException.class::cast)
			.findFirst()
			.orElse(null);
		if (halted != null) {
			return new Outcome(halted.status(), halted.getMessage());
		}
		if (status == BatchStatus.STOPPED) {
			return new Outcome(RunStatus.STOPPED, "stopped on request");
		}
		String cause = execution.getAllFailureExceptions()
			.stream()
			.findFirst()
			.map((ex) -> ex.getClass().getSimpleName() + ": " + ex.getMessage())
			.orElse(status.toString());
		return new Outcome(RunStatus.FAILED, "the run failed: " + cause);
	}

	/**
	 * A reason may quote any exception's message, not only a gateway's (whose failures
	 * are masked already): no configured key is kept in it, whatever it came from.
	 */
	private @Nullable String withoutKeys(@Nullable String reason) {
		return (reason != null) ? this.gateways.getObject().redact(reason) : null;
	}

	/**
	 * The manifest is a copy of what the database holds: failing to write it must not
	 * change how the run ended, so it is logged, and the report says it is missing.
	 */
	private @Nullable String writeManifest(String runId) {
		try {
			return this.manifest.write(runId);
		}
		catch (RuntimeException ex) {
			logger.warn("Run {}: the manifest could not be written ({}); the database still has every item", runId,
					ex.getMessage());
			logger.debug("Run {}: the manifest could not be written", runId, ex);
			return null;
		}
	}

	private static String runId(JobExecution execution) {
		return execution.getJobParameters().getString(GenerateJobConfiguration.RUN_PARAMETER);
	}

	private record Outcome(RunStatus status, @Nullable String reason) {

	}

}
