package io.imagebatch.run;

import java.util.Objects;
import java.util.Optional;

import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code generate} step, in the process that owns the run: every live worker (this
 * process's included) takes the run's items, so the owner only follows the run until
 * every item is settled, or until the run was stopped or halted and no call of it is in
 * flight anywhere. A worker that leaves hands the run over from here. A batch-mode run's
 * items are sent to the provider's Batch API by the owner itself, from this loop.
 */
@Component
@StepScope
class GenerateTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(GenerateTasklet.class);

	private final String runId;

	private final RunRepository runs;

	private final ItemRepository items;

	private final OwnedRuns ownership;

	private final WorkerProperties properties;

	private final ProviderBatches batches;

	GenerateTasklet(@Value("#{jobParameters['run']}") String runId, RunRepository runs, ItemRepository items,
			OwnedRuns ownership, WorkerProperties properties, ProviderBatches batches) {
		this.runId = runId;
		this.runs = runs;
		this.items = items;
		this.ownership = ownership;
		this.properties = properties;
		this.batches = batches;
	}

	@Override
	public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
			throws InterruptedException {
		long reported = -1;
		Run run = this.runs.find(this.runId).orElseThrow(() -> new RunNotFound(this.runId));
		boolean batchMode = run.mode() == CallMode.BATCH;
		while (true) {
			if (this.ownership.isHandingOver(this.runId)) {
				// the job stops here without ending the run; its next owner restarts it
				chunkContext.getStepContext().getStepExecution().setTerminateOnly();
				return RepeatStatus.FINISHED;
			}
			Optional<RunHalt> halt = this.runs.haltOf(this.runId);
			if (batchMode) {
				// the owner sends a batch-mode run's items to the provider itself
				try {
					this.batches.advance(this.runId, Objects.requireNonNull(run.startedAt()), halt.orElse(null));
				}
				catch (RuntimeException ex) {
					// the database or the provider away for a moment: the record says
					// where
					// to go on from, next time round
					logger.warn("Run {}: its provider batches could not go on, trying again: {}", this.runId,
							ex.toString());
				}
				halt = this.runs.haltOf(this.runId);
			}
			ItemCounts counts = this.items.counts(this.runId);
			if (halt.isPresent() && (counts.inFlight() == 0 || (batchMode && halt.get().status() == RunStatus.FAILED
					&& counts.inFlight() == this.batches.waitingAtProvider(this.runId)))) {
				// after a fatal answer, batches at the provider are left to a restart
				throw new RunHaltedException(halt.get().status(), halt.get().reason());
			}
			if (halt.isEmpty() && counts.pending() == 0 && counts.inFlight() == 0) {
				return RepeatStatus.FINISHED;
			}
			if (halt.isPresent() && reported != counts.inFlight()) {
				reported = counts.inFlight();
				logger.info("Run {} is stopping: waiting for {} calls in flight to be stored", this.runId, reported);
			}
			// the items are worked on by the workers; the owner only follows them
			Thread.sleep(this.properties.pollInterval());
		}
	}

}
