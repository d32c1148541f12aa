package io.imagebatch.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.CostKey;
import io.imagebatch.cost.PriceTable;
import io.imagebatch.gateway.BatchSettings;
import io.imagebatch.gateway.BatchRequest;
import io.imagebatch.gateway.Gateway;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts a batch-mode run's PENDING items into parts: one per gateway and endpoint, cut
 * where the gateway's {@code max-lines} or {@code max-file-size} would be passed. The
 * items are read a page at a time and only the open parts' sizes are held, so a run of
 * any size plans in constant memory. A plan is one transaction: a process that dies while
 * planning leaves the items PENDING.
 */
@Component
class BatchPlanner {

	private static final int PAGE = 1000;

	private final WorkQueue queue;

	private final BatchPartRepository parts;

	private final ModelCatalog catalog;

	private final TransactionTemplate transaction;

	BatchPlanner(WorkQueue queue, BatchPartRepository parts, ModelCatalog catalog,
			PlatformTransactionManager transactions) {
		this.queue = queue;
		this.parts = parts;
		this.catalog = catalog;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Plans the run's PENDING items that are in no part yet. With a budget, each item's
	 * batch price is reserved as it is put in a part, and planning stops at the first
	 * that does not fit.
	 */
	Plan plan(RunContext run) {
		Plan plan = this.transaction.execute((status) -> planInTransaction(run));
		return (plan != null) ? plan : new Plan(0, 0, false);
	}

	private Plan planInTransaction(RunContext run) {
		Map<String, OpenPart> open = new LinkedHashMap<>();
		int nextPart = this.parts.lastPart(run.runId()) + 1;
		int partsMade = 0;
		int planned = 0;
		boolean overBudget = false;
		long after = 0;
		pages: while (true) {
			List<Item> page = this.queue.pendingForBatch(run.runId(), after, PAGE);
			if (page.isEmpty()) {
				break;
			}
			for (Item item : page) {
				after = item.id();
				if (!run.budget().tryReserve(item, batchEstimate(item, run, this.catalog))) {
					overBudget = true;
					break pages;
				}
				Gateway gateway = run.gatewayFor(item);
				BatchRequest request = gateway.batchRequest(item.request());
				long bytes = BatchLines.line(item.id(), request).length;
				String key = gateway.name() + " " + request.url();
				OpenPart part = open.get(key);
				if (part == null || !part.fits(bytes)) {
					if (part != null) {
						part.close();
					}
					part = new OpenPart(this.parts.insert(run.runId(), nextPart++, gateway.name(), request.url()),
							gateway.batchSettings());
					open.put(key, part);
					partsMade++;
				}
				part.add(item, bytes);
				planned++;
			}
			open.values().forEach(OpenPart::assign);
		}
		open.values().forEach(OpenPart::close);
		return new Plan(partsMade, planned, overBudget);
	}

	/** What the item's call is expected to cost in a provider's batch, for the budget. */
	static BigDecimal batchEstimate(Item item, RunContext run, ModelCatalog catalog) {
		CostKey key = CostKey.of(item.request(), catalog);
		return PriceTable.batchPrice(run.prices().estimate(key.model(), key.size(), key.quality(), item.request().n()));
	}

	/**
	 * What a plan made.
	 *
	 * @param parts new parts
	 * @param items items put in them
	 * @param overBudget whether items were left PENDING because the budget would not
	 * cover them
	 */
	record Plan(int parts, int items, boolean overBudget) {

	}

	/** A part being filled: its items are assigned a page at a time. */
	private final class OpenPart {

		private final long id;

		private final BatchSettings limits;

		private final List<Item> unassigned = new ArrayList<>();

		private int lines;

		private long bytes;

		OpenPart(long id, BatchSettings limits) {
			this.id = id;
			this.limits = limits;
		}

		/** Whether one more line fits; an empty part takes any line. */
		boolean fits(long lineBytes) {
			return this.lines == 0 || (this.lines < this.limits.maxLines()
					&& this.bytes + lineBytes <= this.limits.maxFileSize().toBytes());
		}

		void add(Item item, long lineBytes) {
			this.unassigned.add(item);
			this.lines++;
			this.bytes += lineBytes;
		}

		void assign() {
			BatchPlanner.this.queue.assignToBatch(this.id, this.unassigned);
			this.unassigned.clear();
		}

		void close() {
			assign();
			BatchPlanner.this.parts.sized(this.id, this.lines, this.bytes);
		}

	}

}
