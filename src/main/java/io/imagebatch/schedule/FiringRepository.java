package io.imagebatch.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imagebatch.run.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of every firing. One row per (schedule, fire time): a second record of the
 * same firing fails on the table's unique constraint.
 */
@Repository
class FiringRepository {

	private static final String SELECT = """
			SELECT s.name, f.fire_time, f.cause, f.outcome, f.reason, f.run_id, f.recorded_at
			FROM schedule_firing f JOIN schedule s ON s.id = f.schedule_id
			""";

	private final JdbcClient jdbc;

	FiringRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long scheduleId, Firing firing) {
		this.jdbc.sql("""
				INSERT INTO schedule_firing (schedule_id, fire_time, cause, outcome, reason, run_id, recorded_at)
				VALUES (:schedule, :fireTime, :cause, :outcome, :reason, :run, :recordedAt)
				""")
			.param("schedule", scheduleId)
			.param("fireTime", Timestamp.from(firing.fireTime()))
			.param("cause", firing.cause().name())
			.param("outcome", firing.outcome().name())
			.param("reason", firing.reason())
			.param("run", firing.runId())
			.param("recordedAt", Timestamp.from(firing.recordedAt()))
			.update();
	}

	/** A schedule's firings, the latest first. */
	Page<Firing> page(long scheduleId, int page, int size) {
		long total = this.jdbc.sql("SELECT count(*) FROM schedule_firing WHERE schedule_id = :schedule")
			.param("schedule", scheduleId)
			.query(Long.class)
			.single();
		List<Firing> firings = this.jdbc
			.sql(SELECT + " WHERE f.schedule_id = :schedule ORDER BY f.fire_time DESC LIMIT :size OFFSET :offset")
			.param("schedule", scheduleId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(FiringRepository::firing)
			.list();
		return new Page<>(firings, page, size, total);
	}

	/** The latest firing of each schedule that has one. */
	Map<Long, Firing> latest(Collection<Long> scheduleIds) {
		Map<Long, Firing> latest = new HashMap<>();
		if (scheduleIds.isEmpty()) {
			return latest;
		}
		this.jdbc.sql("""
				SELECT DISTINCT ON (f.schedule_id) f.schedule_id, s.name, f.fire_time, f.cause, f.outcome, f.reason,
					f.run_id, f.recorded_at
				FROM schedule_firing f JOIN schedule s ON s.id = f.schedule_id
				WHERE f.schedule_id IN (:schedules)
				ORDER BY f.schedule_id, f.fire_time DESC
				""").param("schedules", scheduleIds).query((rs) -> {
			latest.put(rs.getLong("schedule_id"), firing(rs, 0));
		});
		return latest;
	}

	private static Firing firing(ResultSet rs, int row) throws SQLException {
		return new Firing(rs.getString("name"), instant(rs, "fire_time"), FiringCause.valueOf(rs.getString("cause")),
				FiringOutcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getString("run_id"),
				instant(rs, "recorded_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

}
