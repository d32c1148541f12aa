package io.imagebatch.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.gateway.BatchLineOutcome;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.gateway.ImageResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Applies what a provider's batch said about each of its requests to the request's item,
 * exactly as a synchronous answer would be: the cost recorded first (at the batch price),
 * the images put to S3, then the item. A line about an item that no longer waits in the
 * part (applied before a crash, or not ours) changes nothing, so a batch's files can be
 * read again as often as it takes.
 */
@Component
class BatchOutcomes {

	private static final Logger logger = LoggerFactory.getLogger(BatchOutcomes.class);

	/** How a provider says a request was never run because the batch expired. */
	static final String EXPIRED = "batch_expired";

	private final WorkQueue queue;

	private final CostLedger ledger;

	private final GatewayCall calls;

	private final AnswerStore answers;

	private final ModelCatalog catalog;

	private final RunTallies tallies;

	private final RunProperties properties;

	BatchOutcomes(WorkQueue queue, CostLedger ledger, GatewayCall calls, AnswerStore answers, ModelCatalog catalog,
			RunTallies tallies, RunProperties properties) {
		this.queue = queue;
		this.ledger = ledger;
		this.calls = calls;
		this.answers = answers;
		this.catalog = catalog;
		this.tallies = tallies;
		this.properties = properties;
	}

	/** Applies one line of a part's output or error file. */
	void apply(BatchPart part, RunContext run, Gateway gateway, BatchLineOutcome outcome) {
		switch (outcome) {
			case BatchLineOutcome.Answered answered -> {
				try (ImageResult result = answered.result()) {
					waiting(part, answered.customId()).ifPresent((item) -> store(part, run, gateway, item, result));
				}
			}
			case BatchLineOutcome.Failed failed ->
				waiting(part, failed.customId()).ifPresent((item) -> fail(part, run, gateway, item, failed.error()));
			case BatchLineOutcome.NotRun notRun -> waiting(part, notRun.customId())
				.ifPresent((item) -> notRun(run, item, notRun.code(), notRun.message()));
			case BatchLineOutcome.Unreadable unreadable -> {
				Optional<Item> item = (unreadable.customId() != null) ? waiting(part, unreadable.customId())
						: Optional.empty();
				if (item.isPresent()) {
					settle(run, item.get(), null);
					settled(run,
							this.answers.fail(item.get(), item.get().attempts() + 1, List.of(), ErrorType.TRANSIENT,
									"unreadable_line", "The provider's line for this item could not be read ("
											+ unreadable.reason() + "); it may have been charged: resubmit it"));
				}
				else {
					logger.warn("Batch part {} of run {}: a line naming no item of it could not be read: {}",
							part.part(), run.runId(), unreadable.reason());
				}
			}
		}
	}

	/**
	 * An item the provider never ran (its batch expired or was cancelled): back to the
	 * queue for another batch; after {@code max-attempts} expiries it fails,
	 * resubmittable.
	 */
	void notRun(RunContext run, Item item, @Nullable String code, String message) {
		settle(run, item, BigDecimal.ZERO);
		boolean expired = !"batch_cancelled".equals(code);
		if (expired && item.attempts() + 1 >= this.properties.maxAttempts()) {
			settled(run, this.answers.fail(item, item.attempts() + 1, List.of(), ErrorType.TRANSIENT,
					(code != null) ? code : EXPIRED, message + " (" + (item.attempts() + 1) + " batches expired)"));
			return;
		}
		this.queue.releaseFromBatch(item, expired);
	}

	/** An item the provider says nothing about although its batch completed. */
	void unanswered(RunContext run, Item item, String status) {
		settle(run, item, null);
		settled(run, this.answers.fail(item, item.attempts() + 1, List.of(), ErrorType.TRANSIENT, "no_result_line",
				"The provider's batch ended (" + status + ") with no readable line for this item; resubmit it"));
	}

	/** An item its batch was refused for, with the provider's words. */
	void refused(RunContext run, Item item, @Nullable String code, String message) {
		settle(run, item, BigDecimal.ZERO);
		settled(run, this.answers.fail(item, item.attempts() + 1, List.of(), ErrorType.REJECTED,
				(code != null) ? code : "batch_failed", message));
	}

	private void store(BatchPart part, RunContext run, Gateway gateway, Item item, ImageResult result) {
		Cost cost = this.ledger.batchAnswer(item.id(), part.createdAt())
			.orElseGet(() -> this.calls.recordCost(item, run, gateway, result.images().size(), result.usage(),
					GatewayCall.urls(result), CallMode.BATCH));
		settle(run, item, cost.usd());
		SortedMap<Integer, GeneratedImage> images = new TreeMap<>();
		for (int index = 0; index < result.images().size(); index++) {
			images.put(index, result.images().get(index));
		}
		settled(run, this.answers.store(item, item.attempts() + 1, run, gateway, images, result.images().size(), cost,
				new ArrayList<>(), OptionalLong.empty()));
	}

	private void fail(BatchPart part, RunContext run, Gateway gateway, Item item, GatewayException error) {
		BigDecimal spent = BigDecimal.ZERO;
		if (error.paid()) {
			// answered and charged, but unusable: accounted for like a synchronous call
			spent = this.ledger.batchAnswer(item.id(), part.createdAt())
				.orElseGet(() -> this.calls.recordCost(item, run, gateway, item.request().n(), null, List.of(),
						CallMode.BATCH))
				.usd();
		}
		settle(run, item, spent);
		settled(run, this.answers.fail(item, item.attempts() + 1, List.of(), error));
	}

	/** Replaces the item's reservation of the run's budget by what it cost. */
	private void settle(RunContext run, Item item, @Nullable BigDecimal actual) {
		run.budget().settle(item, BatchPlanner.batchEstimate(item, run, this.catalog), actual);
	}

	private void settled(RunContext run, ItemOutcome outcome) {
		if (outcome instanceof ItemOutcome.Settled settled) {
			this.tallies.settled(run.runId(), settled.status());
		}
	}

	private Optional<Item> waiting(BatchPart part, String customId) {
		long id = BatchLines.itemId(customId);
		return (id > 0) ? this.queue.waitingInBatch(part.id(), id) : Optional.empty();
	}

}
