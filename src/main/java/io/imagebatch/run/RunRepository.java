package io.imagebatch.run;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Runs in PostgreSQL.
 */
@Repository
class RunRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	RunRepository(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	void insert(Run run, @Nullable Resubmission resubmission) {
		insert(run, resubmission, null);
	}

	void insert(Run run, @Nullable Resubmission resubmission, @Nullable ScheduledFiring firing) {
		this.jdbc.sql("""
				INSERT INTO run (id, name, source, gateway, status, status_reason, defaults, budget_usd, concurrency,
					parent_run_id, resubmission, created_at, skip_done, origin_source, schedule_id, schedule_name,
					fire_time, mode)
				VALUES (:id, :name, :source, :gateway, :status, :reason, CAST(:defaults AS jsonb), :budget,
					:concurrency, :parent, CAST(:resubmission AS jsonb), :createdAt, :skipDone,
					COALESCE((SELECT origin_source FROM run WHERE id = :parent), :source), :scheduleId, :scheduleName,
					:fireTime, :mode)
				""")
			.param("mode", run.mode().id())
			.param("scheduleId", (firing != null) ? firing.scheduleId() : null)
			.param("scheduleName", (firing != null) ? firing.scheduleName() : null)
			.param("fireTime", (firing != null) ? Timestamp.from(firing.fireTime()) : null)
			.param("resubmission", (resubmission != null) ? this.json.writeValueAsString(resubmission) : null)
			.param("id", run.id())
			.param("name", run.name())
			.param("source", run.source())
			.param("gateway", run.gateway())
			.param("status", run.status().name())
			.param("reason", run.statusReason())
			.param("defaults", this.json.writeValueAsString(run.defaults()))
			.param("budget", run.budgetUsd())
			.param("concurrency", run.concurrency())
			.param("parent", run.parentRunId())
			.param("createdAt", Timestamp.from(run.createdAt()))
			.param("skipDone", run.skipDone())
			.update();
	}

	/**
	 * The source the run's rows came from originally: its own, or for a resubmission the
	 * one its first ancestor read.
	 */
	String originSource(String id) {
		return this.jdbc.sql("SELECT origin_source FROM run WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	/**
	 * Counts rows the load step left out as already done, in the transaction of the chunk
	 * that left them out, so a chunk rolled back counts nothing.
	 */
	void addRowsAlreadyDone(String id, long rows) {
		this.jdbc.sql("UPDATE run SET rows_already_done = rows_already_done + :rows WHERE id = :id")
			.param("id", id)
			.param("rows", rows)
			.update();
	}

	Optional<Run> find(String id) {
		return this.jdbc.sql("SELECT * FROM run WHERE id = :id").param("id", id).query(this::run).optional();
	}

	/** What a resubmission run takes from its parent; empty for other runs. */
	Optional<Resubmission> resubmission(String id) {
		return this.jdbc.sql("SELECT resubmission FROM run WHERE id = :id AND resubmission IS NOT NULL")
			.param("id", id)
			.query(String.class)
			.optional()
			.map((json) -> this.json.readValue(json, Resubmission.class));
	}

	/** The runs that resubmit a run's items, oldest first. */
	List<String> resubmissionsOf(String id) {
		return this.jdbc.sql("SELECT id FROM run WHERE parent_run_id = :id ORDER BY created_at, id")
			.param("id", id)
			.query(String.class)
			.list();
	}

	/**
	 * Resubmissions of a run, of those, and so on: its whole line of retries, oldest
	 * first.
	 */
	List<Run> descendants(String id) {
		return this.jdbc.sql("""
				WITH RECURSIVE line (id) AS (
					SELECT id FROM run WHERE parent_run_id = :id
					UNION SELECT run.id FROM run JOIN line ON run.parent_run_id = line.id)
				SELECT run.* FROM run JOIN line USING (id) ORDER BY run.created_at, run.id
				""").param("id", id).query(this::run).list();
	}

	/** Every run by status, statuses without any left out. */
	Map<RunStatus, Long> countsByStatus() {
		Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
		this.jdbc.sql("SELECT status, COUNT(*) FROM run GROUP BY status")
			.query((rs, row) -> byStatus.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2)))
			.list();
		return byStatus;
	}

	private static final String MATCHING = "(CAST(:status AS VARCHAR) IS NULL OR status = :status) "
			+ "AND (CAST(:pattern AS VARCHAR) IS NULL OR id ILIKE :pattern OR name ILIKE :pattern "
			+ "OR source ILIKE :pattern)";

	Optional<Run> latest() {
		return this.jdbc.sql("SELECT * FROM run ORDER BY created_at DESC, id DESC LIMIT 1").query(this::run).optional();
	}

	/**
	 * A page of runs, newest first, of one status or of all, and whose id, name or source
	 * contains {@code search} (any case) when it is given.
	 */
	List<Run> page(@Nullable RunStatus status, @Nullable String search, long offset, int limit) {
		return this.jdbc
			.sql("SELECT * FROM run WHERE " + MATCHING + " ORDER BY created_at DESC, id DESC "
					+ "OFFSET :offset LIMIT :limit")
			.param("status", (status != null) ? status.name() : null)
			.param("pattern", likePattern(search))
			.param("offset", offset)
			.param("limit", limit)
			.query(this::run)
			.list();
	}

	long count(@Nullable RunStatus status, @Nullable String search) {
		return this.jdbc.sql("SELECT COUNT(*) FROM run WHERE " + MATCHING)
			.param("status", (status != null) ? status.name() : null)
			.param("pattern", likePattern(search))
			.query(Long.class)
			.single();
	}

	/**
	 * {@code search} as a LIKE pattern that finds it anywhere, its own wildcards escaped.
	 */
	private static @Nullable String likePattern(@Nullable String search) {
		if (search == null || search.isBlank()) {
			return null;
		}
		return "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	List<Run> recent(int limit) {
		return this.jdbc.sql("SELECT * FROM run ORDER BY created_at DESC, id DESC LIMIT :limit")
			.param("limit", limit)
			.query(this::run)
			.list();
	}

	/** The run's status, owner and version, for a change decided on them. */
	Optional<RunState> state(String id) {
		return this.jdbc.sql("SELECT id, status, owner, version FROM run WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> new RunState(rs.getString("id"), RunStatus.valueOf(rs.getString("status")),
					rs.getString("owner"), rs.getInt("version")))
			.optional();
	}

	/**
	 * Makes {@code owner} the worker that owns the run's job, as the run was read:
	 * RUNNING from now. Starting or restarting it also clears a stop or halt and starts
	 * its budget afresh from what the ledger says it spent, with a new cap when one is
	 * given; adopting a run whose owner died or left changes nothing else, since other
	 * workers are still at work on it. Without an owner, the first worker free adopts it.
	 * @return the run's new state
	 * @throws RunChangedConcurrently when the run changed since it was read
	 */
	RunState claim(RunState read, @Nullable String owner, Claim claim, @Nullable BigDecimal budgetUsd) {
		read.status().checkCanBecome(RunStatus.RUNNING);
		String sql = (claim == Claim.ADOPT) ? """
				UPDATE run SET owner = :owner, version = version + 1
				WHERE id = :id AND version = :version AND status = 'RUNNING'
				""" : """
				UPDATE run SET status = 'RUNNING', status_reason = NULL, started_at = :now, ended_at = NULL,
					owner = :owner, stop_requested = FALSE, halt_status = NULL,
					halt_reason = NULL, manifest_uri = NULL,
					budget_usd = COALESCE(CAST(:budget AS NUMERIC), budget_usd), reserved_usd = 0,
					committed_usd = (SELECT COALESCE(SUM(usd), 0) FROM cost_entry WHERE run_id = :id),
					version = version + 1
				WHERE id = :id AND version = :version
				""";
		int updated = this.jdbc.sql(sql)
			.param("id", read.id())
			.param("version", read.version())
			.param("owner", owner)
			.param("budget", budgetUsd)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		checkUpdated(updated, read);
		return new RunState(read.id(), RunStatus.RUNNING, owner, read.version() + 1);
	}

	/**
	 * How a worker takes a run's job.
	 */
	enum Claim {

		/**
		 * A QUEUED run's first start, or a restart of a stopped, failed or crashed one.
		 */
		START,

		/** Taking over a RUNNING run whose owner died or left, without anyone asking. */
		ADOPT

	}

	/**
	 * The owner leaves (its worker is shutting down) and lets another worker adopt the
	 * run at once, without waiting for its beat to go stale.
	 * @return whether it was still the owner
	 */
	boolean handOver(String id, String owner) {
		return this.jdbc.sql("""
				UPDATE run SET owner = NULL, version = version + 1
				WHERE id = :id AND owner = :owner AND status = 'RUNNING'
				""").param("id", id).param("owner", owner).update() == 1;
	}

	/**
	 * Every worker must stop taking the run's items: a fatal answer or the budget, found
	 * by whichever worker met it first. The run's owner ends the run with it once no call
	 * is in flight.
	 */
	void halt(String id, RunStatus status, String reason) {
		this.jdbc.sql("""
				UPDATE run SET halt_status = :status, halt_reason = :reason
				WHERE id = :id AND status = 'RUNNING' AND halt_status IS NULL
				""").param("id", id).param("status", status.name()).param("reason", StoredText.reason(reason)).update();
	}

	/** Whether the run was asked to stop or halted, and why. */
	Optional<RunHalt> haltOf(String id) {
		return this.jdbc.sql("SELECT stop_requested, halt_status, halt_reason FROM run WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> (rs.getString("halt_status") != null)
					? new RunHalt(RunStatus.valueOf(rs.getString("halt_status")),
							java.util.Objects.requireNonNullElse(rs.getString("halt_reason"), "halted"))
					: rs.getBoolean("stop_requested") ? RunHalt.STOP_REQUESTED : null)
			.optional();
	}

	/** The QUEUED runs, oldest first. */
	List<String> queued(int limit) {
		return this.jdbc.sql("SELECT id FROM run WHERE status = 'QUEUED' ORDER BY created_at, id LIMIT :limit")
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	/** RUNNING runs whose owner left or was declared dead. */
	List<String> orphaned() {
		return this.jdbc.sql("""
				SELECT id FROM run WHERE status = 'RUNNING' AND (owner IS NULL OR NOT EXISTS (
					SELECT 1 FROM worker WHERE worker.id = run.owner AND worker.ended_at IS NULL))
				ORDER BY started_at, id
				""").query(String.class).list();
	}

	/**
	 * Asks the process running the run, as it was read, to stop.
	 * @throws RunChangedConcurrently when the run changed since it was read
	 */
	void requestStop(RunState read) {
		if (read.status() != RunStatus.RUNNING) {
			throw new IllegalStateException(
					"only a RUNNING run can be asked to stop, run " + read.id() + " is " + read.status());
		}
		int updated = this.jdbc.sql("""
				UPDATE run SET stop_requested = TRUE, version = version + 1
				WHERE id = :id AND version = :version AND status = 'RUNNING'
				""").param("id", read.id()).param("version", read.version()).update();
		checkUpdated(updated, read);
	}

	/**
	 * Records how the run ended, and where its manifest went ({@code null} when it could
	 * not be written). The reason may quote a gateway: it is kept {@link StoredText
	 * bounded}.
	 * @throws RunChangedConcurrently when the run changed since it was read
	 */
	void ended(RunState read, RunStatus status, @Nullable String reason, @Nullable String manifestUri) {
		read.status().checkCanBecome(status);
		int updated = this.jdbc.sql("""
				UPDATE run SET status = :status, status_reason = :reason, ended_at = :now, manifest_uri = :manifest,
					version = version + 1
				WHERE id = :id AND version = :version
				""")
			.param("id", read.id())
			.param("version", read.version())
			.param("status", status.name())
			.param("reason", StoredText.reason(reason))
			.param("now", Timestamp.from(this.clock.instant()))
			.param("manifest", manifestUri)
			.update();
		checkUpdated(updated, read);
	}

	void manifestWritten(String id, String manifestUri) {
		this.jdbc.sql("UPDATE run SET manifest_uri = :manifest WHERE id = :id")
			.param("id", id)
			.param("manifest", manifestUri)
			.update();
	}

	/** Where the manifest written when the run last ended is, if one was. */
	Optional<String> manifestUri(String id) {
		return this.jdbc.sql("SELECT manifest_uri FROM run WHERE id = :id AND manifest_uri IS NOT NULL")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	private static void checkUpdated(int updated, RunState read) {
		if (updated != 1) {
			throw new RunChangedConcurrently(read.id(), read.version());
		}
	}

	private Run run(ResultSet rs, int row) throws SQLException {
		return new Run(rs.getString("id"), rs.getString("name"), rs.getString("source"), rs.getString("gateway"),
				RunStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
				this.json.readValue(rs.getString("defaults"), RowDefaults.class), rs.getBigDecimal("budget_usd"),
				rs.getInt("concurrency"), rs.getString("parent_run_id"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "ended_at"), rs.getBoolean("skip_done"),
				rs.getLong("rows_already_done"), rs.getString("schedule_name"), instant(rs, "fire_time"),
				CallMode.of(rs.getString("mode")));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
