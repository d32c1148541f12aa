package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a schedule's runs spent and may still spend, and whether one is active: read from
 * the runs (linked by {@code run.schedule_id}) and the cost ledger.
 */
@Repository
class ScheduleSpending {

	private final JdbcClient jdbc;

	ScheduleSpending(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What the schedule's runs spent from {@code from} (inclusive) to {@code to}. */
	BigDecimal spent(long scheduleId, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT COALESCE(SUM(c.usd), 0) FROM cost_entry c JOIN run r ON r.id = c.run_id
				WHERE r.schedule_id = :schedule AND c.created_at >= :from AND c.created_at < :to
				""")
			.param("schedule", scheduleId)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(BigDecimal.class)
			.single();
	}

	/**
	 * What the schedule's active runs may still spend: the part of each one's budget not
	 * yet committed. Counted against the caps, so that two runs of one schedule cannot
	 * together pass a cap each kept to alone.
	 */
	BigDecimal held(long scheduleId) {
		return this.jdbc.sql("""
				SELECT COALESCE(SUM(GREATEST(budget_usd - committed_usd, 0)), 0) FROM run
				WHERE schedule_id = :schedule AND status IN ('QUEUED', 'RUNNING') AND budget_usd IS NOT NULL
				""").param("schedule", scheduleId).query(BigDecimal.class).single();
	}

	/** The schedule's latest run that is QUEUED or RUNNING, if any. */
	Optional<ScheduledRun> activeRun(long scheduleId) {
		return this.jdbc.sql("""
				SELECT id, status FROM run WHERE schedule_id = :schedule AND status IN ('QUEUED', 'RUNNING')
				ORDER BY created_at DESC LIMIT 1
				""").param("schedule", scheduleId).query(ScheduledRun.class).optional();
	}

	/** The schedule's latest run, if any. */
	Optional<ScheduledRun> latestRun(long scheduleId) {
		return this.jdbc
			.sql("SELECT id, status FROM run WHERE schedule_id = :schedule ORDER BY created_at DESC LIMIT 1")
			.param("schedule", scheduleId)
			.query(ScheduledRun.class)
			.optional();
	}

}
