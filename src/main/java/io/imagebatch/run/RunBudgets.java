package io.imagebatch.run;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Runs' spending caps, held in the database so that they hold across workers. Each call
 * reserves its estimated price on the run's row before it starts, and settles it with
 * what it really cost once the gateway answered: calls in flight together, in any
 * process, can never pass the cap between them. A call whose price is unknown keeps its
 * estimate: the cap errs on the side of spending less. The reservation is noted on the
 * item too, so that a worker's death returns it (as spent: whether the gateway billed the
 * call cannot be known).
 */
@Repository
class RunBudgets {

	private final JdbcClient jdbc;

	RunBudgets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The cap of a run as it was read; without a cap, nothing is written at all. */
	Budget of(Run run) {
		return new Budget(run.id(), run.budgetUsd());
	}

	/**
	 * One run's cap.
	 */
	final class Budget {

		private final String runId;

		private final @Nullable BigDecimal limit;

		private Budget(String runId, @Nullable BigDecimal limit) {
			this.runId = runId;
			this.limit = limit;
		}

		/**
		 * Reserves the estimate for the item's call unless it would take spending past
		 * the cap.
		 * @return whether the call may go ahead
		 */
		boolean tryReserve(Item item, BigDecimal estimate) {
			if (this.limit == null) {
				return true;
			}
			return RunBudgets.this.jdbc.sql("""
					WITH reserved AS (
						UPDATE run SET reserved_usd = reserved_usd + :estimate
						WHERE id = :run AND committed_usd + reserved_usd + :estimate <= budget_usd
						RETURNING id)
					UPDATE item SET reserved_usd = :estimate WHERE id = :item AND EXISTS (SELECT 1 FROM reserved)
					""").param("run", this.runId).param("item", item.id()).param("estimate", estimate).update() == 1;
		}

		/**
		 * Replaces the item's reservation by what its call cost.
		 * @param actual what it cost: zero when the call failed unpaid, {@code null} when
		 * the price is unknown (the estimate then counts as spent)
		 */
		void settle(Item item, BigDecimal estimate, @Nullable BigDecimal actual) {
			if (this.limit == null) {
				return;
			}
			RunBudgets.this.jdbc.sql("""
					WITH settled AS (
						UPDATE item SET reserved_usd = NULL WHERE id = :item AND reserved_usd IS NOT NULL RETURNING id)
					UPDATE run SET reserved_usd = reserved_usd - :estimate, committed_usd = committed_usd + :spent
					WHERE id = :run AND EXISTS (SELECT 1 FROM settled)
					""")
				.param("run", this.runId)
				.param("item", item.id())
				.param("estimate", estimate)
				.param("spent", (actual != null) ? actual : estimate)
				.update();
		}

		@Nullable BigDecimal limit() {
			return this.limit;
		}

		/** Spent and reserved so far, over every worker. */
		BigDecimal committed() {
			return RunBudgets.this.jdbc.sql("SELECT committed_usd + reserved_usd FROM run WHERE id = :run")
				.param("run", this.runId)
				.query(BigDecimal.class)
				.single();
		}

	}

}
