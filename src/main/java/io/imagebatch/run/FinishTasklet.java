package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code finish} step: a run completes only when every item reached an end state.
 */
@Component
@StepScope
class FinishTasklet implements Tasklet {

	private final String runId;

	private final ItemRepository items;

	FinishTasklet(@Value("#{jobParameters['run']}") String runId, ItemRepository items) {
		this.runId = runId;
		this.items = items;
	}

	@Override
	public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		ItemCounts counts = this.items.counts(this.runId);
		long unsettled = counts.pending() + counts.inFlight();
		if (unsettled > 0) {
			throw new RunHaltedException(RunStatus.FAILED,
					unsettled + " items could not be processed (see the log); a restart retries them");
		}
		return RepeatStatus.FINISHED;
	}

}
