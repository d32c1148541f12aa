package io.imagebatch.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.cost.Cost;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.BatchPart;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.RunWorker;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run as the API shows it: what was asked, where it is, what it has cost, its pace and
 * the time left. Money is a decimal string with six places.
 *
 * @param id the run id
 * @param name its name, if any
 * @param source where its rows come from
 * @param gateway the gateway it calls
 * @param status where it is
 * @param statusReason why it stopped or failed
 * @param owner the worker running its job, while it runs
 * @param defaults defaults for columns its rows leave empty
 * @param budgetUsd its spending cap, if any
 * @param concurrency calls in flight at most
 * @param parentRun the run it resubmits, if any
 * @param createdAt when it was submitted
 * @param startedAt when it last started
 * @param endedAt when it ended
 * @param items its items by status
 * @param spentUsd what it has cost so far
 * @param itemsPerMinute items settled per minute since it last started
 * @param etaSeconds seconds left at that pace, while it runs
 * @param orphaned while it runs: whether its owner is gone (a live worker adopts it, or a
 * restart continues it)
 * @param workers while it runs: the workers holding its items in flight
 * @param resubmission in the answer to a resubmit only: what the new run takes from its
 * parent
 * @param skipDone whether its load step leaves out the rows already done for its source
 * @param rowsAlreadyDone rows its load step left out as already done
 * @param schedule the schedule whose firing created it, if any
 * @param fireTime the time that firing fired for, if any
 * @param mode how its calls are made: {@code sync} or {@code batch} (the provider's Batch
 * API)
 * @param savedUsd a batch-mode run only: what its calls cost less than synchronous calls
 * would have
 * @param batches a batch-mode run only: its parts, each an input file and the provider's
 * batch made from it, with what the provider last said of it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record RunView(String id, @Nullable String name, String source, String gateway, String status,
		@Nullable String statusReason, @Nullable String owner, RowDefaultsView defaults, @Nullable String budgetUsd,
		int concurrency, @Nullable String parentRun, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant endedAt, Items items, String spentUsd, @Nullable Double itemsPerMinute,
		@Nullable Long etaSeconds, @Nullable Boolean orphaned, @Nullable List<Worker> workers,
		@Nullable Resubmitted resubmission, boolean skipDone, long rowsAlreadyDone, @Nullable String schedule,
		@Nullable Instant fireTime, String mode, @Nullable String savedUsd, @Nullable List<Batch> batches) {

	/** The run as it stands, with its owner and workers while it runs. */
	static RunView of(RunProgress progress, Runs runs) {
		Run run = progress.run();
		boolean running = run.status() == RunStatus.RUNNING;
		boolean batch = run.mode() == CallMode.BATCH;
		String owner = running ? runs.owner(run.id()).orElse(null) : null;
		BigDecimal budget = run.budgetUsd();
		return new RunView(run.id(), run.name(), run.source(), run.gateway(), run.status().name(), run.statusReason(),
				owner, RowDefaultsView.of(run.defaults()), (budget != null) ? Cost.format(budget) : null,
				run.concurrency(), run.parentRunId(), run.createdAt(), run.startedAt(), run.endedAt(),
				Items.of(progress.items()), Cost.format(progress.spentUsd()),
				(progress.itemsPerMinute() != null) ? Math.round(progress.itemsPerMinute() * 10) / 10.0 : null,
				(progress.eta() != null) ? progress.eta().toSeconds() : null, running ? runs.orphaned(run) : null,
				running ? runs.workersOf(run.id()).stream().map(Worker::of).toList() : null, null, run.skipDone(),
				run.rowsAlreadyDone(), run.schedule(), run.fireTime(), run.mode().id(),
				batch ? Cost.format(progress.savedUsd()) : null,
				batch ? runs.batchParts(run.id()).stream().map(Batch::of).toList() : null);
	}

	/** The run as a resubmission created it, with what it takes from its parent. */
	RunView with(ResubmissionPlan plan) {
		return new RunView(this.id, this.name, this.source, this.gateway, this.status, this.statusReason, this.owner,
				this.defaults, this.budgetUsd, this.concurrency, this.parentRun, this.createdAt, this.startedAt,
				this.endedAt, this.items, this.spentUsd, this.itemsPerMinute, this.etaSeconds, this.orphaned,
				this.workers,
				new Resubmitted(plan.items(), plan.invalidLeftOut(), plan.resubmittedBefore(),
						plan.earlierResubmissions()),
				this.skipDone, this.rowsAlreadyDone, this.schedule, this.fireTime, this.mode, this.savedUsd,
				this.batches);
	}

	/**
	 * What a resubmission takes from its parent run, as checked before it was created.
	 *
	 * @param items the parent's items it retries
	 * @param invalidLeftOut INVALID items of the parent left out because they were
	 * neither chosen nor edited
	 * @param resubmittedBefore items among them that an earlier resubmission retried
	 * already
	 * @param earlierResubmissions the parent's earlier resubmission runs
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Resubmitted(long items, long invalidLeftOut, long resubmittedBefore,
			List<String> earlierResubmissions) {
	}

	/**
	 * One part of a batch-mode run: an input file and the provider's batch made from it.
	 * The provider's ids, status and error are its own text, bounded but not otherwise
	 * trusted.
	 *
	 * @param part its number within the run, from 1
	 * @param batchId the provider's batch id, once the batch was created
	 * @param providerStatus what the provider last said of the batch: {@code validating},
	 * {@code in_progress}, {@code finalizing}, {@code completed}, {@code failed},
	 * {@code expired}, {@code cancelling} or {@code cancelled}
	 * @param state how far imagebatch got with it: {@code PREPARED} (items assigned),
	 * {@code UPLOADED} (file at the provider), {@code SUBMITTED} (batch created, polled)
	 * or {@code ENDED} (its outcome applied to its items)
	 * @param lines its requests
	 * @param completed requests done, as the provider last counted
	 * @param failed requests failed, as the provider last counted
	 * @param total the provider's count of requests (0 until it counted)
	 * @param lastError the last failure talking to the provider about it, until the next
	 * success
	 * @param submittedAt when the provider created the batch
	 * @param endedAt when its outcome was applied to its items
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Batch(int part, @Nullable String batchId, @Nullable String providerStatus, String state, int lines,
			int completed, int failed, int total, @Nullable String lastError, @Nullable Instant submittedAt,
			@Nullable Instant endedAt) {

		/** A part as recorded. */
		public static Batch of(BatchPart part) {
			return new Batch(part.part(), part.batchId(), part.providerStatus(), part.state().name(), part.lines(),
					part.completed(), part.failed(), part.total(), part.lastError(), part.submittedAt(),
					part.endedAt());
		}

		/** Whether its outcome is not yet applied: its items wait on the provider. */
		public boolean open() {
			return !BatchPart.State.ENDED.name().equals(this.state);
		}

	}

	/**
	 * A worker holding items of the run in flight.
	 *
	 * @param id the worker
	 * @param itemsInFlight the run's items it holds in flight
	 * @param live whether it is alive; the items of a dead one go back to the queue
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Worker(String id, long itemsInFlight, boolean live) {

		static Worker of(RunWorker worker) {
			return new Worker(worker.workerId(), worker.itemsInFlight(), worker.live());
		}

	}

	/**
	 * A run's items by status.
	 *
	 * @param total all of them
	 * @param pending waiting for a call
	 * @param inFlight being called for now
	 * @param succeeded stored
	 * @param failed failed, resubmittable
	 * @param invalid refused before any call
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Items(long total, long pending, long inFlight, long succeeded, long failed, long invalid) {

		static Items of(ItemCounts counts) {
			return new Items(counts.total(), counts.pending(), counts.inFlight(), counts.succeeded(), counts.failed(),
					counts.invalid());
		}

	}

}
