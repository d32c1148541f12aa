package io.imagebatch.run;

import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.ReadResult;
import io.imagebatch.input.RowValidator;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code generate} job: {@code load} turns input rows into items (INVALID ones
 * recorded with their reason), {@code generate} works through the PENDING items,
 * {@code finish} settles the run. The run id is the only job parameter.
 */
@Configuration(proxyBeanMethods = false)
class GenerateJobConfiguration {

	static final String JOB_NAME = "generate";

	static final String RUN_PARAMETER = "run";

	@Bean
	Job generateJob(JobRepository jobRepository, Step loadStep, Step generateStep, Step finishStep,
			RunStatusListener runStatusListener) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(runStatusListener)
			.start(loadStep)
			.next(generateStep)
			.next(finishStep)
			.build();
	}

	@Bean
	Step loadStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ItemStreamReader<ReadResult> rowReader, RowToItem rowToItem, ItemWriter<NewItem> itemWriter,
			RunProperties properties) {
		return new StepBuilder("load", jobRepository).<ReadResult, NewItem>chunk(properties.loadChunkSize())
			.transactionManager(transactionManager)
			.reader(rowReader)
			.processor(rowToItem)
			.writer(itemWriter)
			.build();
	}

	@Bean
	@StepScope
	ItemStreamReader<ReadResult> rowReader(@Value("#{jobParameters['run']}") String runId, RunRepository runs,
			RowSources sources) {
		return sources.reader(runs.find(runId).orElseThrow());
	}

	@Bean
	@StepScope
	RowToItem rowToItem(@Value("#{jobParameters['run']}") String runId, RunRepository runs, RowValidator validator,
			Gateways gateways) {
		return new RowToItem(runs.find(runId).orElseThrow(), validator, gateways.names());
	}

	@Bean
	@StepScope
	ItemWriter<NewItem> itemWriter(@Value("#{jobParameters['run']}") String runId, RunRepository runs,
			ItemRepository items, DoneRows doneRows) {
		return new LoadedItemWriter(runs.find(runId).orElseThrow(), items, runs, doneRows);
	}

	/**
	 * The tasklet runs for the whole run: it must not sit in a transaction (holding a
	 * connection) that long, so its step gets a resourceless one; every write inside
	 * takes its own short transaction.
	 */
	@Bean
	Step generateStep(JobRepository jobRepository, GenerateTasklet generateTasklet) {
		return new StepBuilder("generate", jobRepository).tasklet(generateTasklet, new ResourcelessTransactionManager())
			.build();
	}

	@Bean
	Step finishStep(JobRepository jobRepository, FinishTasklet finishTasklet) {
		return new StepBuilder("finish", jobRepository).tasklet(finishTasklet, new ResourcelessTransactionManager())
			.build();
	}

}
