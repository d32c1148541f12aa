package io.imagebatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The items as a work queue shared by every worker: claims leased to a worker, and the
 * status changes of the items it works on. Every change checks the transition table and
 * the optimistic lock version (an item taken back from a worker presumed dead has a new
 * one, so that worker's late write fails), and holds a connection only for the statement.
 */
@Repository
class WorkQueue {

	private static final String ITEM_COLUMNS = """
			id, run_id, external_id, line, prompt, model, size, quality, style, n, background, moderation,
			output_format, response_format, end_user, image, metadata, attempts, version, needs_check""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	WorkQueue(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The runs whose items may be claimed now, oldest start first: RUNNING, neither
	 * stopping nor halted, with PENDING items, in sync mode (a batch-mode run's items go
	 * to the provider in files, sent by the run's owner).
	 */
	List<ActiveRun> activeRuns() {
		return this.jdbc.sql("""
				SELECT id, started_at FROM run
				WHERE status = 'RUNNING' AND NOT stop_requested AND halt_status IS NULL AND mode = 'sync'
					AND EXISTS (SELECT 1 FROM item WHERE item.run_id = run.id AND item.status = 'PENDING')
				ORDER BY started_at, id
				""")
			.query((rs, row) -> new ActiveRun(rs.getString("id"), rs.getTimestamp("started_at").toInstant()))
			.list();
	}

	/**
	 * Claims up to {@code limit} PENDING items of a run for a worker, oldest first, never
	 * more than the run's {@code concurrency} in flight over all workers. The run's row
	 * is locked first, so that two workers claiming at once count each other's claims;
	 * {@code SKIP LOCKED} keeps claims from waiting on items another worker is taking.
	 * @return the claimed items; none when the run is not claimable or full
	 */
	@Transactional
	List<Item> claim(String runId, String workerId, int limit) {
		ItemStatus.PENDING.checkCanBecome(ItemStatus.IN_FLIGHT);
		Optional<Integer> concurrency = this.jdbc.sql("""
				SELECT concurrency FROM run
				WHERE id = :run AND status = 'RUNNING' AND NOT stop_requested AND halt_status IS NULL AND mode = 'sync'
				FOR NO KEY UPDATE
				""").param("run", runId).query(Integer.class).optional();
		if (concurrency.isEmpty()) {
			return List.of();
		}
		List<Item> claimed = new ArrayList<>(this.jdbc.sql("""
				UPDATE item SET status = 'IN_FLIGHT', claimed_by = :worker, claimed_at = :now, version = version + 1,
					updated_at = :now
				WHERE id IN (SELECT id FROM item WHERE run_id = :run AND status = 'PENDING' ORDER BY id
					LIMIT GREATEST(0, LEAST(:limit, :concurrency
						- (SELECT COUNT(*) FROM item WHERE run_id = :run AND status = 'IN_FLIGHT')))
					FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + ITEM_COLUMNS)
			.param("run", runId)
			.param("worker", workerId)
			.param("limit", limit)
			.param("concurrency", concurrency.get())
			.param("now", Timestamp.from(this.clock.instant()))
			.query(this::item)
			.list());
		claimed.sort(Comparator.comparingLong(Item::id));
		return claimed;
	}

	/** Records the stored images and marks the item SUCCEEDED, atomically. */
	@Transactional
	void complete(Item item, int attempts, List<StoredImage> images) {
		insertImages(item, images);
		transition(item, ItemStatus.SUCCEEDED, attempts, null, null, null);
	}

	/**
	 * Marks the item FAILED, keeping the record of any image already stored for it. The
	 * code and message are the gateway's and may be of any length: they are kept
	 * {@link StoredText bounded}.
	 */
	@Transactional
	void fail(Item item, int attempts, List<StoredImage> stored, ErrorType type, @Nullable String code,
			String message) {
		insertImages(item, stored);
		transition(item, ItemStatus.FAILED, attempts, type, StoredText.code(code), StoredText.message(message));
	}

	private void insertImages(Item item, List<StoredImage> images) {
		for (StoredImage image : images) {
			this.jdbc.sql("""
					INSERT INTO image (item_id, idx, bucket, object_key, content_type, bytes, sha256, origin,
						revised_prompt, stored_at)
					VALUES (:item, :idx, :bucket, :key, :contentType, :bytes, :sha256, :origin, :revised, :now)
					ON CONFLICT (item_id, idx) DO NOTHING
					""")
				.param("item", item.id())
				.param("idx", image.index())
				.param("bucket", image.bucket())
				.param("key", image.key())
				.param("contentType", image.contentType())
				.param("bytes", image.bytes())
				.param("sha256", image.sha256())
				.param("origin", image.origin())
				.param("revised", StoredText.revisedPrompt(image.revisedPrompt()))
				.param("now", Timestamp.from(this.clock.instant()))
				.update();
		}
	}

	/**
	 * Puts an item back in the queue: its call was never made (the run is stopping, or
	 * its worker is leaving).
	 */
	void release(Item item) {
		transition(item, ItemStatus.PENDING, item.attempts(), null, null, null);
	}

	/**
	 * Puts an item back in the queue after something unforeseen went wrong with it: its
	 * call may have been made, so it is checked for before the gateway is called again.
	 */
	void releaseForCheck(Item item) {
		int updated = this.jdbc.sql("""
				UPDATE item SET status = 'PENDING', needs_check = TRUE, claimed_by = NULL, version = version + 1,
					updated_at = :now
				WHERE id = :id AND version = :version AND status = 'IN_FLIGHT'
				""")
			.param("id", item.id())
			.param("version", item.version())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("item " + item.id() + " changed while in flight");
		}
	}

	private void transition(Item item, ItemStatus to, int attempts, @Nullable ErrorType type, @Nullable String code,
			@Nullable String message) {
		ItemStatus.IN_FLIGHT.checkCanBecome(to);
		int updated = this.jdbc.sql("""
				UPDATE item SET status = :to, attempts = :attempts, error_type = :type, error_code = :code,
					error_message = :message, version = version + 1, updated_at = :now,
					needs_check = (CAST(:to AS VARCHAR) = 'PENDING' AND needs_check),
					claimed_by = CASE WHEN CAST(:to AS VARCHAR) = 'PENDING' THEN NULL ELSE claimed_by END
				WHERE id = :id AND version = :version AND status = 'IN_FLIGHT'
				""")
			.param("to", to.name())
			.param("attempts", attempts)
			.param("type", (type != null) ? type.name() : null)
			.param("code", code)
			.param("message", message)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", item.id())
			.param("version", item.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException(
					"item " + item.id() + " changed while in flight (expected version " + item.version()
							+ "): its worker was presumed dead and the item went back to the queue");
		}
	}

	/**
	 * A page of a batch-mode run's PENDING items in no provider batch, in id order after
	 * {@code afterId}.
	 */
	List<Item> pendingForBatch(String runId, long afterId, int limit) {
		return this.jdbc.sql("SELECT " + ITEM_COLUMNS + """
				 FROM item WHERE run_id = :run AND status = 'PENDING' AND provider_batch_id IS NULL AND id > :after
				ORDER BY id LIMIT :limit
				""").param("run", runId).param("after", afterId).param("limit", limit).query(this::item).list();
	}

	/**
	 * Puts PENDING items into a provider batch part: IN_FLIGHT, leased to no worker.
	 * @throws OptimisticLockingFailureException when one of them is no longer PENDING
	 */
	void assignToBatch(long partId, List<Item> items) {
		ItemStatus.PENDING.checkCanBecome(ItemStatus.IN_FLIGHT);
		if (items.isEmpty()) {
			return;
		}
		int updated = this.jdbc.sql("""
				UPDATE item SET status = 'IN_FLIGHT', provider_batch_id = :part, claimed_by = NULL, claimed_at = :now,
					version = version + 1, updated_at = :now
				WHERE id = ANY(:ids) AND status = 'PENDING' AND provider_batch_id IS NULL
				""")
			.param("part", partId)
			.param("ids", items.stream().map(Item::id).toArray(Long[]::new))
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (updated != items.size()) {
			throw new OptimisticLockingFailureException(
					(items.size() - updated) + " items changed while being put into a provider batch");
		}
	}

	/**
	 * A page of the items waiting in a provider batch part, in id order after
	 * {@code afterId}.
	 */
	List<Item> waitingInBatch(long partId, long afterId, int limit) {
		return this.jdbc.sql("SELECT " + ITEM_COLUMNS + """
				 FROM item WHERE provider_batch_id = :part AND status = 'IN_FLIGHT' AND id > :after
				ORDER BY id LIMIT :limit
				""").param("part", partId).param("after", afterId).param("limit", limit).query(this::item).list();
	}

	/** The item, if it still waits in the provider batch part. */
	Optional<Item> waitingInBatch(long partId, long itemId) {
		return this.jdbc.sql("SELECT " + ITEM_COLUMNS + """
				 FROM item WHERE id = :id AND provider_batch_id = :part AND status = 'IN_FLIGHT'
				""").param("part", partId).param("id", itemId).query(this::item).optional();
	}

	/**
	 * Takes an item out of its provider batch, back to the queue, for another batch.
	 * @param attempted whether the provider tried and gave up (an expired batch): it
	 * counts as an attempt
	 */
	void releaseFromBatch(Item item, boolean attempted) {
		int updated = this.jdbc.sql("""
				UPDATE item SET status = 'PENDING', provider_batch_id = NULL, attempts = attempts + :attempt,
					version = version + 1, updated_at = :now
				WHERE id = :id AND version = :version AND status = 'IN_FLIGHT'
				""")
			.param("attempt", attempted ? 1 : 0)
			.param("id", item.id())
			.param("version", item.version())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("item " + item.id() + " changed while in a provider batch");
		}
	}

	/**
	 * Every item still waiting in a part that never reached the provider, back to the
	 * queue, with what they reserved of the run's budget given back.
	 */
	int releaseBatch(String runId, long partId) {
		return this.jdbc.sql("""
				WITH waiting AS (
					SELECT id, reserved_usd FROM item WHERE provider_batch_id = :part AND status = 'IN_FLIGHT'
					FOR UPDATE),
				released AS (
					UPDATE item SET status = 'PENDING', provider_batch_id = NULL, reserved_usd = NULL,
						version = item.version + 1, updated_at = :now
					FROM waiting WHERE item.id = waiting.id
					RETURNING waiting.reserved_usd),
				freed AS (
					UPDATE run SET reserved_usd = run.reserved_usd - (SELECT SUM(reserved_usd) FROM released)
					WHERE id = :run AND EXISTS (SELECT 1 FROM released WHERE reserved_usd IS NOT NULL)
					RETURNING id)
				SELECT (SELECT COUNT(*) FROM released) + 0 * (SELECT COUNT(*) FROM freed)
				""")
			.param("run", runId)
			.param("part", partId)
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Integer.class)
			.single();
	}

	private Item item(ResultSet rs, int row) throws SQLException {
		ImageRequest request = new ImageRequest(rs.getString("model"), rs.getString("prompt"), rs.getInt("n"),
				rs.getString("size"), rs.getString("quality"), rs.getString("style"), rs.getString("background"),
				rs.getString("moderation"), rs.getString("output_format"), rs.getString("response_format"),
				rs.getString("end_user"), rs.getString("image"));
		return new Item(rs.getLong("id"), rs.getString("run_id"), rs.getString("external_id"), rs.getLong("line"),
				request, this.json.readValue(rs.getString("metadata"), ItemRepository.STRING_MAP),
				rs.getInt("attempts"), rs.getInt("version"), rs.getBoolean("needs_check"));
	}

	/**
	 * A run whose items may be claimed.
	 *
	 * @param id the run
	 * @param startedAt when it last started: a restart makes a new one
	 */
	record ActiveRun(String id, java.time.Instant startedAt) {

	}

}
