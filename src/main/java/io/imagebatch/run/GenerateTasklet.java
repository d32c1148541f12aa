package io.imagebatch.run;

import io.imagebatch.cost.Budget;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.PriceTableLoader;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.storage.ImageStore;
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
 * The {@code generate} step: sets up the run's gateway, store and prices, puts back items
 * a dead process left in flight, and hands the PENDING items to the dispatcher.
 */
@Component
@StepScope
class GenerateTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(GenerateTasklet.class);

	private final String runId;

	private final RunRepository runs;

	private final ItemRepository items;

	private final GenerationDispatcher dispatcher;

	private final Gateways gateways;

	private final ImageStore store;

	private final PriceTableLoader prices;

	private final CostLedger ledger;

	GenerateTasklet(@Value("#{jobParameters['run']}") String runId, RunRepository runs, ItemRepository items,
			GenerationDispatcher dispatcher, Gateways gateways, ImageStore store, PriceTableLoader prices,
			CostLedger ledger) {
		this.runId = runId;
		this.runs = runs;
		this.items = items;
		this.dispatcher = dispatcher;
		this.gateways = gateways;
		this.store = store;
		this.prices = prices;
		this.ledger = ledger;
	}

	@Override
	public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
			throws InterruptedException {
		Run run = this.runs.find(this.runId).orElseThrow();
		int released = this.items.releaseInFlight(this.runId);
		if (released > 0) {
			logger.info("Run {}: {} items left in flight by an earlier process are pending again", this.runId,
					released);
		}
		Gateways gateways = this.gateways;
		Budget budget = new Budget(run.budgetUsd(), this.ledger.spent(this.runId));
		RunContext context = new RunContext(this.runId, gateways, run.gateway(), this.store, this.prices.load(),
				budget);
		ItemOutcome stop = this.dispatcher.dispatch(context, run.concurrency());
		switch (stop) {
			case null -> {
			}
			// the gateway's words are bounded so that ours, which say what to do, survive
			case ItemOutcome.Fatal fatal -> throw new RunHaltedException(RunStatus.FAILED,
					"gateway '" + fatal.gateway() + "' answered HTTP " + fatal.cause().status() + " "
							+ ((fatal.cause().code() != null) ? StoredText.code(fatal.cause().code()) + ": " : "")
							+ StoredText.message(String.valueOf(fatal.cause().getMessage()))
							+ " — no call can succeed until this is fixed; pending items wait for 'restart "
							+ this.runId + "'");
			case ItemOutcome.OverBudget over -> throw new RunHaltedException(RunStatus.STOPPED,
					"budget reached: $" + Cost.format(budget.committed()) + " of $" + Cost.format(budget.limit())
							+ " spent, and the next call (~$" + Cost.format(over.estimate())
							+ ") would pass it; pending items wait for 'restart " + this.runId + " --budget-usd …'");
			case ItemOutcome.StopRequested requested -> throw new RunHaltedException(RunStatus.STOPPED,
					"stopped on request; calls in flight were finished and stored; 'restart " + this.runId
							+ "' continues");
			case ItemOutcome.Settled settled -> throw new IllegalStateException("a settled item does not stop a run");
		}
		return RepeatStatus.FINISHED;
	}

}
