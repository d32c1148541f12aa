package io.imagebatch.run;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The samples of what workers did for runs over time, in PostgreSQL, and a run's timeline
 * read from them.
 */
@Repository
class RunSampleRepository {

	/** Points a timeline has at most, whatever the run's length: enough for a chart. */
	static final int TIMELINE_POINTS = 120;

	/**
	 * A run's samples in buckets of equal width from its start: the width is the run's
	 * length (from its start or first sample to its end, or now, or its last sample) over
	 * the points, in whole seconds, and at least the sample interval. Items and waits add
	 * up; calls in flight, a gauge, are each worker's highest in the bucket, added up
	 * over the workers. Buckets without a sample are zero: a worker writes none when it
	 * has nothing to say.
	 */
	private static final String TIMELINE = """
			WITH bounds AS (
				SELECT LEAST(run.started_at, MIN(sample.at)) AS origin,
					GREATEST(COALESCE(run.ended_at, :now), MAX(sample.at)) AS until
				FROM run JOIN run_sample sample ON sample.run_id = run.id
				WHERE run.id = :run
				GROUP BY run.id
			), width AS (
				SELECT origin,
					CAST(GREATEST(CEIL(EXTRACT(EPOCH FROM until - origin) / :points) * 1000, :minMillis) AS BIGINT) AS ms
				FROM bounds
			), per_worker AS (
				SELECT CAST(LEAST(FLOOR(EXTRACT(EPOCH FROM sample.at - width.origin) * 1000 / width.ms), :points - 1)
						AS INT) AS bucket,
					SUM(sample.succeeded) AS succeeded, SUM(sample.failed) AS failed,
					MAX(sample.in_flight) AS in_flight, SUM(sample.rate_limit_waits) AS rate_limit_waits,
					SUM(sample.rate_limit_wait_ms) AS rate_limit_wait_ms
				FROM run_sample sample CROSS JOIN width
				WHERE sample.run_id = :run
				GROUP BY 1, sample.worker_id
			), buckets AS (
				SELECT generate_series(0, MAX(bucket)) AS bucket FROM per_worker
			)
			SELECT width.ms, width.origin + buckets.bucket * width.ms * INTERVAL '1 millisecond' AS at,
				COALESCE(SUM(per_worker.succeeded), 0) AS succeeded, COALESCE(SUM(per_worker.failed), 0) AS failed,
				COALESCE(SUM(per_worker.in_flight), 0) AS in_flight,
				COALESCE(SUM(per_worker.rate_limit_waits), 0) AS rate_limit_waits,
				COALESCE(SUM(per_worker.rate_limit_wait_ms), 0) AS rate_limit_wait_ms
			FROM buckets CROSS JOIN width LEFT JOIN per_worker ON per_worker.bucket = buckets.bucket
			GROUP BY buckets.bucket, width.origin, width.ms
			ORDER BY buckets.bucket
			""";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	RunSampleRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
		this.jdbc = jdbc;
		this.named = named;
	}

	/** Writes one sample per run, all taken at {@code at} by {@code workerId}. */
	void insert(String workerId, Instant at, Map<String, RunTally.Counts> byRun) {
		if (byRun.isEmpty()) {
			return;
		}
		MapSqlParameterSource[] rows = byRun.entrySet()
			.stream()
			.map((sample) -> new MapSqlParameterSource().addValue("run", sample.getKey())
				.addValue("worker", workerId)
				.addValue("at", Timestamp.from(at))
				.addValue("succeeded", Math.toIntExact(sample.getValue().succeeded()))
				.addValue("failed", Math.toIntExact(sample.getValue().failed()))
				.addValue("inFlight", sample.getValue().inFlight())
				.addValue("waits", Math.toIntExact(sample.getValue().rateLimitWaits()))
				.addValue("waitedMillis", sample.getValue().rateLimitWaited().toMillis()))
			.toArray(MapSqlParameterSource[]::new);
		this.named.batchUpdate("""
				INSERT INTO run_sample (run_id, worker_id, at, succeeded, failed, in_flight, rate_limit_waits,
					rate_limit_wait_ms)
				VALUES (:run, :worker, :at, :succeeded, :failed, :inFlight, :waits, :waitedMillis)
				""", rows);
	}

	/**
	 * Deletes the samples of the runs that ended before {@code before}; a run that was
	 * restarted has no end until it ends again.
	 * @return how many
	 */
	int deleteOfRunsEndedBefore(Instant before) {
		return this.jdbc.sql("DELETE FROM run_sample WHERE run_id IN (SELECT id FROM run WHERE ended_at < :before)")
			.param("before", Timestamp.from(before))
			.update();
	}

	/**
	 * A run's samples in at most {@link #TIMELINE_POINTS} buckets, summed over the
	 * workers.
	 * @param now when a run that has not ended ends, for the width of its buckets
	 * @param minWidth the narrowest bucket: the sample interval
	 */
	RunTimeline timeline(String runId, Instant now, Duration minWidth) {
		long[] width = { minWidth.toMillis() };
		List<RunTimeline.Point> points = this.jdbc.sql(TIMELINE)
			.param("run", runId)
			.param("now", Timestamp.from(now))
			.param("points", TIMELINE_POINTS)
			.param("minMillis", minWidth.toMillis())
			.query((rs, row) -> {
				width[0] = rs.getLong("ms");
				return new RunTimeline.Point(rs.getTimestamp("at").toInstant(), rs.getLong("succeeded"),
						rs.getLong("failed"), rs.getLong("in_flight"), rs.getLong("rate_limit_waits"),
						rs.getLong("rate_limit_wait_ms"));
			})
			.list();
		return new RunTimeline(runId, Duration.ofMillis(width[0]), points);
	}

}
