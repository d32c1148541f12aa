package io.imagebatch.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.imagebatch.cost.Cost;
import io.imagebatch.gateway.BatchApi;
import io.imagebatch.gateway.BatchError;
import io.imagebatch.gateway.BatchFileLine;
import io.imagebatch.gateway.BatchLineOutcome;
import io.imagebatch.gateway.BatchSettings;
import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.gateway.ProviderBatch;
import io.imagebatch.gateway.ProviderFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Takes a batch-mode run's items through the provider's Batch API, one step at a time, in
 * the process that owns the run: PENDING items are planned into parts; each part's file
 * is uploaded, its batch created and polled with back-off, and once the batch ends its
 * output and error files are streamed into the items. Every step is recorded before the
 * next, so that whoever owns the run next (after a crash, a stop or a hand-over) goes on
 * from the record: an upload or a creation that may have happened unrecorded is looked up
 * at the provider before it is tried again, so nothing is uploaded or created twice.
 */
@Component
class ProviderBatches {

	private static final Logger logger = LoggerFactory.getLogger(ProviderBatches.class);

	private final BatchPartRepository parts;

	private final BatchPlanner planner;

	private final BatchOutcomes outcomes;

	private final WorkQueue queue;

	private final RunRepository runs;

	private final RunContexts contexts;

	private final Clock clock;

	ProviderBatches(BatchPartRepository parts, BatchPlanner planner, BatchOutcomes outcomes, WorkQueue queue,
			RunRepository runs, RunContexts contexts, Clock clock) {
		this.parts = parts;
		this.planner = planner;
		this.outcomes = outcomes;
		this.queue = queue;
		this.runs = runs;
		this.contexts = contexts;
		this.clock = clock;
	}

	/** Items of the run waiting in batches the provider has. */
	long waitingAtProvider(String runId) {
		return this.parts.waitingAtProvider(runId);
	}

	/**
	 * Takes every step that is due for the run's parts.
	 * @param halt why the run is stopping, if it is: parts not yet at the provider give
	 * their items back; on a stop or the budget, batches there are cancelled (what they
	 * finished is kept), while after a fatal answer (a key refused) they are left to a
	 * restart, which polls them again
	 */
	void advance(String runId, Instant startedAt, @Nullable RunHalt halt) {
		RunContext run = this.contexts.of(runId, startedAt);
		boolean halted = halt != null;
		boolean cancel = halted && halt.status() != RunStatus.FAILED;
		if (!halted) {
			BatchPlanner.Plan plan = this.planner.plan(run);
			if (plan.parts() > 0) {
				logger.info("Run {}: {} items put into {} provider batch parts", runId, plan.items(), plan.parts());
			}
			if (plan.overBudget() && this.parts.openOfRun(runId).isEmpty()) {
				this.runs.halt(runId, RunStatus.STOPPED,
						RunHalt.BUDGET_REACHED + ": $" + Cost.format(run.budget().committed()) + " of $"
								+ Cost.format(run.budget().limit())
								+ " spent or reserved, and the next batch would pass it; pending items wait for a "
								+ "restart with a higher budget");
				halted = true;
			}
		}
		for (BatchPart part : this.parts.openOfRun(runId)) {
			Gateway gateway = run.gateways().get(part.gateway());
			try {
				step(part, run, gateway, halted, cancel);
			}
			catch (GatewayException ex) {
				if (ex.kind() == ErrorKind.FATAL) {
					this.runs.halt(runId, RunStatus.FAILED, "gateway '" + gateway.name()
							+ "' refused the provider batch calls (HTTP " + ex.status()
							+ ((ex.code() != null) ? " " + StoredText.code(ex.code()) : "") + ": "
							+ StoredText.message(String.valueOf(ex.getMessage()))
							+ "); nothing more can be sent until this is fixed; pending items wait for a restart");
					return;
				}
				Duration retry = gateway.batchSettings().pollInterval();
				logger.warn("Run {}: provider batch part {} could not go on, trying again in {} s: {}", runId,
						part.part(), retry.toSeconds(), ex.getMessage());
				this.parts.failed(part, StoredText.message(String.valueOf(ex.getMessage())),
						this.clock.instant().plus(retry));
			}
		}
	}

	private void step(BatchPart part, RunContext run, Gateway gateway, boolean halted, boolean cancel) {
		if (part.nextPollAt() != null && this.clock.instant().isBefore(part.nextPollAt())
				&& !(cancel && !part.cancelRequested())) {
			return;
		}
		BatchApi api = gateway.batches();
		switch (part.state()) {
			case PREPARED -> {
				if (halted) {
					giveBack(part, run, api);
					return;
				}
				BatchPart uploaded = upload(part, gateway, api);
				create(uploaded, gateway, api);
			}
			case UPLOADED -> {
				if (halted) {
					giveBack(part, run, api);
					return;
				}
				create(part, gateway, api);
			}
			case SUBMITTED -> poll((cancel && !part.cancelRequested()) ? this.parts.cancelRequested(part) : part, run,
					gateway, api, cancel);
			case ENDED -> {
			}
		}
	}

	private BatchPart upload(BatchPart part, Gateway gateway, BatchApi api) {
		if (part.uploadStarted()) {
			// an upload was tried: it may have arrived without its id being recorded
			Optional<ProviderFile> found = api.findFile(part.filename());
			if (found.isPresent()) {
				return this.parts.uploaded(part, found.get().id());
			}
		}
		BatchPart started = this.parts.uploadStarted(part);
		long began = System.nanoTime();
		try (BatchInputFile file = BatchInputFile.write(started, gateway, this.queue)) {
			ProviderFile uploaded = api.upload(started.filename(), file.path());
			logger.info("Run {}: provider batch part {} uploaded ({} lines, {} bytes) in {} ms", part.runId(),
					part.part(), part.lines(), uploaded.bytes(),
					Duration.ofNanos(System.nanoTime() - began).toMillis());
			return this.parts.uploaded(started, uploaded.id());
		}
	}

	private void create(BatchPart part, Gateway gateway, BatchApi api) {
		String fileId = Objects.requireNonNull(part.inputFileId());
		if (part.createStarted()) {
			Optional<ProviderBatch> found = api.findBatchFor(fileId);
			if (found.isPresent()) {
				this.parts.submitted(part, found.get(), nextPoll(gateway, 0));
				return;
			}
		}
		BatchPart started = this.parts.createStarted(part);
		ProviderBatch batch = api.create(fileId, part.endpoint(),
				Map.of("imagebatch_run", part.runId(), "imagebatch_part", Integer.toString(part.part())));
		logger.info("Run {}: provider batch {} created for part {}", part.runId(), batch.id(), part.part());
		this.parts.submitted(started, batch, nextPoll(gateway, 0));
	}

	private void poll(BatchPart part, RunContext run, Gateway gateway, BatchApi api, boolean cancel) {
		String batchId = Objects.requireNonNull(part.batchId());
		ProviderBatch batch;
		if (cancel && part.cancelRequested() && isOpen(part.providerStatus())
				&& !"cancelling".equals(part.providerStatus())) {
			logger.info("Run {} is stopping: cancelling provider batch {}", part.runId(), batchId);
			batch = api.cancel(batchId);
		}
		else {
			batch = api.retrieve(batchId);
		}
		BatchPart polled = this.parts.polled(part, batch, nextPoll(gateway, part.polls() + 1));
		if (batch.ended()) {
			collect(polled, batch, run, gateway, api);
		}
	}

	private static boolean isOpen(@Nullable String status) {
		return status == null || !List.of("completed", "failed", "expired", "cancelled").contains(status);
	}

	/**
	 * Applies an ended batch to its items: its output and error files line by line, then
	 * whatever items they did not mention, by how the batch ended.
	 */
	private void collect(BatchPart part, ProviderBatch batch, RunContext run, Gateway gateway, BatchApi api) {
		long began = System.nanoTime();
		long lines = 0;
		for (String fileId : new String[] { batch.outputFileId(), batch.errorFileId() }) {
			if (fileId != null) {
				lines += readLines(part, run, gateway, api, fileId);
			}
		}
		if (batch.status().equals("failed")) {
			refuse(part, run, batch.errors());
		}
		long after = 0;
		List<Item> left;
		while (!(left = this.queue.waitingInBatch(part.id(), after, 1000)).isEmpty()) {
			for (Item item : left) {
				after = item.id();
				switch (batch.status()) {
					case "expired" -> this.outcomes.notRun(run, item, BatchOutcomes.EXPIRED,
							"The provider's batch expired before this request was run");
					case "cancelled", "failed" -> this.outcomes.notRun(run, item, "batch_cancelled",
							"The provider's batch was " + batch.status() + " before this request was run");
					default -> this.outcomes.unanswered(run, item, batch.status());
				}
			}
		}
		logger.info("Run {}: provider batch {} {} ({} of {} done, {} failed): {} result lines applied in {} ms",
				part.runId(), batch.id(), batch.status(), batch.counts().completed(), batch.counts().total(),
				batch.counts().failed(), lines, Duration.ofNanos(System.nanoTime() - began).toMillis());
		// ended before the files are deleted: a file left behind by a crash costs the
		// provider's storage, while a part not ended would be read again from files gone
		BatchPart ended = this.parts.ended(this.parts.find(part.id()).orElseThrow());
		if (gateway.batchSettings().deleteFiles()) {
			deleteFiles(ended, batch, api);
		}
	}

	/**
	 * Streams one result file: lines are parsed one after the other as they arrive, and
	 * their images stored by up to the run's concurrency at once.
	 */
	private long readLines(BatchPart part, RunContext run, Gateway gateway, BatchApi api, String fileId) {
		int concurrency = Math.max(1, this.runs.find(part.runId()).map(Run::concurrency).orElse(1));
		Semaphore slots = new Semaphore(concurrency);
		try (ExecutorService storing = Executors.newVirtualThreadPerTaskExecutor()) {
			long read = api.readLines(fileId, gateway.maxResponseSize(), (line) -> {
				BatchLineOutcome outcome = switch (line) {
					case BatchFileLine.Content content -> gateway.outcomeOf(content.bytes());
					case BatchFileLine.TooLong tooLong -> new BatchLineOutcome.Unreadable(null,
							"line " + tooLong.number() + " is " + tooLong.bytes() + " bytes, over max-response-size");
				};
				slots.acquireUninterruptibly();
				storing.submit(() -> {
					try {
						this.outcomes.apply(part, run, gateway, outcome);
					}
					catch (RuntimeException ex) {
						// one line only: its item stays waiting, and how the batch ended
						// settles it below (failed, resubmittable; a cost already
						// recorded stays)
						logger.error("Run {}: a result line of provider batch part {} could not be applied",
								part.runId(), part.part(), ex);
					}
					finally {
						slots.release();
					}
				});
			});
			storing.shutdown();
			storing.awaitTermination(1, TimeUnit.DAYS);
			return read;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GatewayException(ErrorKind.TRANSIENT, 0, "interrupted", "Interrupted while storing results");
		}
	}

	/**
	 * The items a failed batch's errors name by line are refused with the provider's
	 * words; the others go into the next batch. When the errors name no item, every item
	 * is refused: the same file would only fail again.
	 */
	private void refuse(BatchPart part, RunContext run, List<BatchError> errors) {
		// lines count from 1 in the file, which lists the items in id order
		List<Item> all = waitingIn(part);
		int refused = 0;
		for (BatchError error : errors) {
			Long line = error.line();
			if (line != null && line >= 1 && line <= all.size()) {
				Item item = all.get((int) (line - 1));
				if (this.queue.waitingInBatch(part.id(), item.id()).isPresent()) {
					this.outcomes.refused(run, item, error.code(), "Line " + line + " of the batch's input: "
							+ StoredText.message(String.valueOf(error.message())));
					refused++;
				}
			}
		}
		if (refused == 0) {
			BatchError first = errors.isEmpty() ? new BatchError("batch_failed", "The provider refused the batch", null)
					: errors.get(0);
			for (Item item : waitingIn(part)) {
				this.outcomes.refused(run, item, first.code(), String.valueOf(first.message()));
			}
		}
	}

	/** The items waiting in a part; only for a failed part's refusal, which is rare. */
	private List<Item> waitingIn(BatchPart part) {
		List<Item> all = new ArrayList<>();
		long after = 0;
		List<Item> page;
		while (!(page = this.queue.waitingInBatch(part.id(), after, 1000)).isEmpty()) {
			all.addAll(page);
			after = page.get(page.size() - 1).id();
		}
		return all;
	}

	/**
	 * A part that never reached the provider as a batch: its items go back, its file
	 * away.
	 */
	private void giveBack(BatchPart part, RunContext run, BatchApi api) {
		if (part.inputFileId() != null) {
			try {
				api.delete(part.inputFileId());
			}
			catch (GatewayException ex) {
				logger.warn("Run {}: the input file of batch part {} could not be deleted at the provider: {}",
						run.runId(), part.part(), ex.getMessage());
			}
		}
		int released = this.queue.releaseBatch(run.runId(), part.id());
		logger.info("Run {} is stopping: batch part {} was not submitted yet; {} items back to PENDING", run.runId(),
				part.part(), released);
		this.parts.ended(part);
	}

	private void deleteFiles(BatchPart part, ProviderBatch batch, BatchApi api) {
		try {
			for (String fileId : new String[] { part.inputFileId(), batch.outputFileId(), batch.errorFileId() }) {
				if (fileId != null) {
					api.delete(fileId);
				}
			}
			this.parts.filesDeleted(part);
		}
		catch (GatewayException ex) {
			// the results are applied: a file left at the provider costs storage, no more
			logger.warn("Run {}: the files of provider batch {} could not all be deleted: {}", part.runId(), batch.id(),
					ex.getMessage());
		}
	}

	/** Polls start at {@code poll-interval} and grow by half each time, up to the max. */
	private Instant nextPoll(Gateway gateway, int polls) {
		BatchSettings settings = gateway.batchSettings();
		double factor = Math.pow(1.5, Math.min(polls, 30));
		long millis = (long) Math.min(settings.maxPollInterval().toMillis(),
				settings.pollInterval().toMillis() * factor);
		return this.clock.instant().plusMillis(Math.max(millis, settings.pollInterval().toMillis()));
	}

}
