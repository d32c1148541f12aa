package io.imagebatch.run;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code worker} table: who executes items, and who has stopped beating. Every time
 * comparison is made by PostgreSQL's {@code now()}: hosts' clocks may disagree, the
 * database's is one.
 */
@Repository
class WorkerRepository {

	private final JdbcClient jdbc;

	WorkerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void register(String id, String kind) {
		this.jdbc.sql("""
				INSERT INTO worker (id, host, pid, process_scope, kind, started_at, beat_at)
				VALUES (:id, :host, :pid, :scope, :kind, now(), now())
				""")
			.param("id", id)
			.param("host", LocalProcesses.HOST)
			.param("pid", LocalProcesses.PID)
			.param("scope", LocalProcesses.SCOPE)
			.param("kind", kind)
			.update();
	}

	/**
	 * @return whether the worker is still registered: {@code false} once others declared
	 * it dead (its beat went stale), after which its items are theirs
	 */
	boolean beat(String id) {
		return this.jdbc.sql("UPDATE worker SET beat_at = now() WHERE id = :id AND ended_at IS NULL")
			.param("id", id)
			.update() == 1;
	}

	/** The worker left; whatever it still held goes back to the queue. */
	void end(String id, String reason) {
		this.jdbc.sql("UPDATE worker SET ended_at = now(), end_reason = :reason WHERE id = :id AND ended_at IS NULL")
			.param("id", id)
			.param("reason", reason)
			.update();
		releaseOrphans();
	}

	/**
	 * Declares dead the workers whose beat is older than {@code staleAfter}, and those on
	 * this host whose process is gone, then puts every item that no live worker holds
	 * back in the queue. A worker that beat in time is never touched: the stale test is
	 * made again in the statement that ends it.
	 * @return the workers declared dead
	 */
	List<String> reap(Duration staleAfter) {
		List<Candidate> candidates = this.jdbc.sql("""
				SELECT id, pid, process_scope, beat_at < now() - make_interval(secs => :stale) AS stale
				FROM worker WHERE ended_at IS NULL
				""")
			.param("stale", staleAfter.toMillis() / 1000.0)
			.query((rs, row) -> new Candidate(rs.getString("id"), rs.getBoolean("stale"),
					LocalProcesses.isGone(rs.getLong("pid"), rs.getString("process_scope")), staleAfter))
			.list();
		List<String> dead = candidates.stream()
			.filter((candidate) -> candidate.stale() || candidate.processGone())
			.filter(this::declareDead)
			.map(Candidate::id)
			.toList();
		releaseOrphans();
		return dead;
	}

	/**
	 * Items in flight that no live worker holds go back to PENDING, marked for the
	 * pay-once check. Items waiting in a provider's batch are held by the batch, not by a
	 * worker, and stay. (their call may have been answered and stored). What they
	 * reserved of their run's budget counts as spent: whether the gateway billed the call
	 * cannot be known, and the cap errs on the side of spending less.
	 * @return how many items went back
	 */
	int releaseOrphans() {
		return this.jdbc.sql("""
				WITH orphan AS (
					SELECT id, run_id, reserved_usd FROM item
					WHERE status = 'IN_FLIGHT' AND provider_batch_id IS NULL AND (claimed_by IS NULL OR NOT EXISTS (
						SELECT 1 FROM worker WHERE worker.id = item.claimed_by AND worker.ended_at IS NULL))
					FOR UPDATE SKIP LOCKED),
				released AS (
					UPDATE item SET status = 'PENDING', needs_check = TRUE, claimed_by = NULL, reserved_usd = NULL,
						version = item.version + 1, updated_at = now()
					FROM orphan WHERE item.id = orphan.id
					RETURNING orphan.run_id, orphan.reserved_usd),
				spent AS (
					UPDATE run SET reserved_usd = run.reserved_usd - moved.usd,
						committed_usd = run.committed_usd + moved.usd
					FROM (SELECT run_id, SUM(reserved_usd) AS usd FROM released
						WHERE reserved_usd IS NOT NULL GROUP BY run_id) moved
					WHERE run.id = moved.run_id
					RETURNING run.id)
				SELECT (SELECT COUNT(*) FROM released) + 0 * (SELECT COUNT(*) FROM spent)
				""").query(Integer.class).single();
	}

	/**
	 * Whether the worker is registered, has not left, and beat within {@code staleAfter}.
	 */
	boolean isLive(@Nullable String id, Duration staleAfter) {
		if (id == null) {
			return false;
		}
		return this.jdbc.sql("""
				SELECT pid, process_scope FROM worker
				WHERE id = :id AND ended_at IS NULL AND beat_at >= now() - make_interval(secs => :stale)
				""")
			.param("id", id)
			.param("stale", staleAfter.toMillis() / 1000.0)
			.query((rs, row) -> !LocalProcesses.isGone(rs.getLong("pid"), rs.getString("process_scope")))
			.optional()
			.orElse(false);
	}

	/** The live workers, oldest first, with what they hold. */
	List<Worker> live(Duration staleAfter) {
		return this.jdbc.sql("""
				SELECT worker.id, host, pid, kind, started_at, beat_at,
					EXTRACT(EPOCH FROM now() - beat_at) * 1000 AS since_beat_ms,
					(SELECT COUNT(*) FROM item WHERE item.claimed_by = worker.id AND item.status = 'IN_FLIGHT')
						AS in_flight,
					(SELECT string_agg(run.id, ', ' ORDER BY run.id) FROM run
						WHERE run.owner = worker.id AND run.status = 'RUNNING') AS runs_owned
				FROM worker
				WHERE ended_at IS NULL AND beat_at >= now() - make_interval(secs => :stale)
				ORDER BY started_at, id
				""")
			.param("stale", staleAfter.toMillis() / 1000.0)
			.query((rs, row) -> new Worker(rs.getString("id"), rs.getString("host"), rs.getLong("pid"),
					rs.getString("kind"), rs.getTimestamp("started_at").toInstant(),
					rs.getTimestamp("beat_at").toInstant(), Duration.ofMillis(rs.getLong("since_beat_ms")),
					rs.getLong("in_flight"), rs.getString("runs_owned")))
			.list();
	}

	/**
	 * How many items of a run each worker holds in flight now, and whether that worker is
	 * still alive (one that died holds them until a live worker notices).
	 */
	List<RunWorker> ofRun(String runId, Duration staleAfter) {
		return this.jdbc.sql("""
				SELECT claimed_by, COUNT(*) AS in_flight, MIN(worker.pid) AS pid,
					MIN(worker.process_scope) AS process_scope,
					BOOL_AND(worker.ended_at IS NULL AND worker.beat_at >= now() - make_interval(secs => :stale))
						AS beating
				FROM item LEFT JOIN worker ON worker.id = item.claimed_by
				WHERE run_id = :run AND status = 'IN_FLIGHT' AND claimed_by IS NOT NULL
				GROUP BY claimed_by ORDER BY claimed_by
				""")
			.param("run", runId)
			.param("stale", staleAfter.toMillis() / 1000.0)
			.query((rs, row) -> new RunWorker(rs.getString("claimed_by"), rs.getLong("in_flight"),
					rs.getBoolean("beating")
							&& !LocalProcesses.isGone(rs.getLong("pid"), rs.getString("process_scope"))))
			.list();
	}

	/**
	 * Ends the worker unless it beat since it was read (when only its beat condemned it).
	 */
	private boolean declareDead(Candidate candidate) {
		return this.jdbc.sql("""
				UPDATE worker SET ended_at = now(), end_reason = 'presumed dead'
				WHERE id = :id AND ended_at IS NULL
					AND (beat_at < now() - make_interval(secs => :stale) OR :processGone)
				""")
			.param("id", candidate.id())
			.param("stale", candidate.staleAfter().toMillis() / 1000.0)
			.param("processGone", candidate.processGone())
			.update() == 1;
	}

	private record Candidate(String id, boolean stale, boolean processGone, Duration staleAfter) {

	}

}
