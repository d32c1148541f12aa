package io.imagebatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.imagebatch.gateway.ProviderBatch;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The parts of batch-mode runs: each step of a part recorded before the next is taken.
 * Every change is {@code WHERE id = ? AND version = ?}, so that two processes taking the
 * same part (an owner presumed dead that was not) cannot both move it on.
 */
@Repository
class BatchPartRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	BatchPartRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The run's parts, in order. */
	List<BatchPart> ofRun(String runId) {
		return this.jdbc.sql("SELECT * FROM provider_batch WHERE run_id = :run ORDER BY part")
			.param("run", runId)
			.query(this::part)
			.list();
	}

	/** Items of the run waiting in submitted parts. */
	long waitingAtProvider(String runId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM item JOIN provider_batch ON provider_batch.id = item.provider_batch_id
				WHERE item.run_id = :run AND item.status = 'IN_FLIGHT' AND provider_batch.state = 'SUBMITTED'
				""").param("run", runId).query(Long.class).single();
	}

	/** The run's parts that have not ended, in order. */
	List<BatchPart> openOfRun(String runId) {
		return this.jdbc.sql("SELECT * FROM provider_batch WHERE run_id = :run AND state <> 'ENDED' ORDER BY part")
			.param("run", runId)
			.query(this::part)
			.list();
	}

	Optional<BatchPart> find(long id) {
		return this.jdbc.sql("SELECT * FROM provider_batch WHERE id = :id")
			.param("id", id)
			.query(this::part)
			.optional();
	}

	/** Records a new, empty part; its items are assigned in the same transaction. */
	long insert(String runId, int part, String gateway, String endpoint) {
		return this.jdbc.sql("""
				INSERT INTO provider_batch (run_id, part, gateway, endpoint, filename, state, lines, bytes, created_at)
				VALUES (:run, :part, :gateway, :endpoint, :filename, 'PREPARED', 0, 0, :now)
				RETURNING id
				""")
			.param("run", runId)
			.param("part", part)
			.param("gateway", gateway)
			.param("endpoint", endpoint)
			.param("filename", "imagebatch-" + runId + "-part-" + part + ".jsonl")
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
	}

	/** The size of a part whose items are all assigned. */
	void sized(long id, int lines, long bytes) {
		this.jdbc.sql("UPDATE provider_batch SET lines = :lines, bytes = :bytes WHERE id = :id")
			.param("id", id)
			.param("lines", lines)
			.param("bytes", bytes)
			.update();
	}

	/** The highest part number of the run so far, 0 when none. */
	int lastPart(String runId) {
		return this.jdbc.sql("SELECT COALESCE(MAX(part), 0) FROM provider_batch WHERE run_id = :run")
			.param("run", runId)
			.query(Integer.class)
			.single();
	}

	BatchPart uploadStarted(BatchPart part) {
		return change(part, "upload_started_at = :now", null, null);
	}

	BatchPart uploaded(BatchPart part, String fileId) {
		return change(part, "state = 'UPLOADED', input_file_id = :value, uploaded_at = :now, last_error = NULL", fileId,
				null);
	}

	BatchPart createStarted(BatchPart part) {
		return change(part, "create_started_at = :now", null, null);
	}

	BatchPart submitted(BatchPart part, ProviderBatch batch, Instant nextPollAt) {
		change(part,
				"state = 'SUBMITTED', batch_id = :value, submitted_at = :now, next_poll_at = :at, last_error = NULL",
				batch.id(), nextPollAt);
		return polled(find(part.id()).orElseThrow(), batch, nextPollAt);
	}

	/** What the provider said of the batch, and when to ask again. */
	BatchPart polled(BatchPart part, ProviderBatch batch, Instant nextPollAt) {
		int updated = this.jdbc.sql("""
				UPDATE provider_batch SET provider_status = :status, total = :total, completed = :completed,
					failed = :failed, output_file_id = :output, error_file_id = :errors, polls = polls + 1,
					next_poll_at = :at, last_error = NULL, version = version + 1,
					provider_ended_at = CASE WHEN :ended THEN COALESCE(provider_ended_at, :now) END
				WHERE id = :id AND version = :version
				""")
			.param("ended", batch.ended())
			.param("now", Timestamp.from(this.clock.instant()))
			.param("status", batch.status())
			.param("total", batch.counts().total())
			.param("completed", batch.counts().completed())
			.param("failed", batch.counts().failed())
			.param("output", batch.outputFileId())
			.param("errors", batch.errorFileId())
			.param("at", Timestamp.from(nextPollAt))
			.param("id", part.id())
			.param("version", part.version())
			.update();
		return checked(part, updated);
	}

	BatchPart cancelRequested(BatchPart part) {
		return change(part, "cancel_requested = TRUE", null, null);
	}

	/** A failure talking to the provider, and when to try again. */
	BatchPart failed(BatchPart part, String error, Instant retryAt) {
		return change(part, "last_error = :value, next_poll_at = :at", error, retryAt);
	}

	BatchPart ended(BatchPart part) {
		return change(part, "state = 'ENDED', ended_at = :now", null, null);
	}

	void filesDeleted(BatchPart part) {
		this.jdbc.sql("UPDATE provider_batch SET files_deleted = TRUE WHERE id = :id").param("id", part.id()).update();
	}

	private BatchPart change(BatchPart part, String set, @Nullable String value, @Nullable Instant at) {
		int updated = this.jdbc
			.sql("UPDATE provider_batch SET " + set + ", version = version + 1 WHERE id = :id AND version = :version")
			.param("value", value)
			.param("at", (at != null) ? Timestamp.from(at) : null)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", part.id())
			.param("version", part.version())
			.update();
		return checked(part, updated);
	}

	private BatchPart checked(BatchPart part, int updated) {
		if (updated != 1) {
			throw new OptimisticLockingFailureException("provider batch part " + part.part() + " of run " + part.runId()
					+ " was changed by another process");
		}
		return find(part.id()).orElseThrow();
	}

	private BatchPart part(ResultSet rs, int row) throws SQLException {
		return new BatchPart(rs.getLong("id"), rs.getString("run_id"), rs.getInt("part"), rs.getString("gateway"),
				rs.getString("endpoint"), rs.getString("filename"), BatchPart.State.valueOf(rs.getString("state")),
				rs.getInt("lines"), rs.getLong("bytes"), rs.getString("input_file_id"), rs.getString("batch_id"),
				rs.getString("provider_status"), rs.getInt("total"), rs.getInt("completed"), rs.getInt("failed"),
				rs.getString("output_file_id"), rs.getString("error_file_id"), rs.getBoolean("cancel_requested"),
				rs.getTimestamp("upload_started_at") != null, rs.getTimestamp("create_started_at") != null,
				rs.getInt("polls"), instant(rs, "next_poll_at"), rs.getString("last_error"), instant(rs, "created_at"),
				instant(rs, "submitted_at"), instant(rs, "ended_at"), rs.getInt("version"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
