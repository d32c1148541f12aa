package io.imagebatch.run;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the run's status in step with its job execution: the one place where a batch
 * outcome becomes a run status and reason.
 */
@Component
class RunStatusListener implements JobExecutionListener {

	private final RunRepository runs;

	private final RunHeartbeat heartbeat;

	private final RunStops stops;

	RunStatusListener(RunRepository runs, RunHeartbeat heartbeat, RunStops stops) {
		this.runs = runs;
		this.heartbeat = heartbeat;
		this.stops = stops;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String runId = runId(execution);
		this.runs.started(runId, RunHeartbeat.OWNER);
		this.heartbeat.start(runId);
	}

	@Override
	public void afterJob(JobExecution execution) {
		String runId = runId(execution);
		this.heartbeat.stop(runId);
		this.stops.forget(runId);
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			this.runs.ended(runId, RunStatus.COMPLETED, null);
			return;
		}
		RunHaltedException halted = execution.getAllFailureExceptions()
			.stream()
			.filter(RunHaltedException.class::isInstance)
			.map(RunHaltedException.class::cast)
			.findFirst()
			.orElse(null);
		if (halted != null) {
			this.runs.ended(runId, halted.status(), halted.getMessage());
		}
		else if (status == BatchStatus.STOPPED) {
			this.runs.ended(runId, RunStatus.STOPPED, "stopped on request");
		}
		else {
			String cause = execution.getAllFailureExceptions()
				.stream()
				.findFirst()
				.map((ex) -> ex.getClass().getSimpleName() + ": " + ex.getMessage())
				.orElse(status.toString());
			this.runs.ended(runId, RunStatus.FAILED, "the run failed: " + cause);
		}
	}

	private static String runId(JobExecution execution) {
		return execution.getJobParameters().getString(GenerateJobConfiguration.RUN_PARAMETER);
	}

}
