package io.imagebatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Items in PostgreSQL. Every status change goes through here, checks the transition table
 * and the optimistic lock version, and holds a connection only for the statement.
 */
@Repository
class ItemRepository {

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private static final String ITEM_COLUMNS = """
			id, run_id, external_id, line, prompt, model, size, quality, style, n, background, moderation,
			output_format, response_format, end_user, image, metadata, attempts, version, needs_check""";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final JsonMapper json;

	private final Clock clock;

	ItemRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.named = named;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Inserts a chunk of loaded rows. A row whose id an earlier row already took is kept
	 * as an INVALID item under a derived id, never dropped; should another row hold that
	 * derived id too, the next one is tried. Each try inserts at least one row or moves
	 * every remaining one to an id no row has been seen with, so the loop ends.
	 */
	void insertAll(List<? extends NewItem> items) {
		try {
			insertWithDerivedIds(items);
		}
		catch (DataAccessException ex) {
			throw new ItemsNotStoredException(items, ex);
		}
	}

	private void insertWithDerivedIds(List<? extends NewItem> items) {
		List<? extends NewItem> pending = items;
		List<String> originalIds = items.stream().map(NewItem::externalId).toList();
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			int[] inserted = insert(pending);
			List<NewItem> duplicates = new ArrayList<>();
			List<String> duplicatesOriginalIds = new ArrayList<>();
			for (int i = 0; i < inserted.length; i++) {
				if (inserted[i] == 0) {
					duplicates.add(pending.get(i).asDuplicate(originalIds.get(i), attempt));
					duplicatesOriginalIds.add(originalIds.get(i));
				}
			}
			pending = duplicates;
			originalIds = duplicatesOriginalIds;
		}
	}

	private int[] insert(List<? extends NewItem> items) {
		Timestamp now = Timestamp.from(this.clock.instant());
		MapSqlParameterSource[] batch = items.stream().map((item) -> {
			ImageRequest request = item.request();
			return new MapSqlParameterSource().addValue("run", item.runId())
				.addValue("externalId", item.externalId())
				.addValue("line", item.line())
				.addValue("status", item.status().name())
				.addValue("errorType", (request == null) ? ErrorType.INVALID.name() : null)
				.addValue("errorMessage", item.invalidReason())
				.addValue("prompt", item.prompt())
				.addValue("model", item.model())
				.addValue("size", (request != null) ? request.size() : null)
				.addValue("quality", (request != null) ? request.quality() : null)
				.addValue("style", (request != null) ? request.style() : null)
				.addValue("n", (request != null) ? request.n() : null)
				.addValue("background", (request != null) ? request.background() : null)
				.addValue("moderation", (request != null) ? request.moderation() : null)
				.addValue("outputFormat", (request != null) ? request.outputFormat() : null)
				.addValue("responseFormat", (request != null) ? request.responseFormat() : null)
				.addValue("user", (request != null) ? request.user() : null)
				.addValue("image", (request != null) ? request.image() : null)
				.addValue("metadata", this.json.writeValueAsString(item.columns()))
				.addValue("now", now);
		}).toArray(MapSqlParameterSource[]::new);
		return this.named.batchUpdate("""
				INSERT INTO item (run_id, external_id, line, status, error_type, error_message, prompt, model, size,
					quality, style, n, background, moderation, output_format, response_format, end_user, image,
					metadata, retry_of, created_at, updated_at)
				VALUES (:run, :externalId, :line, :status, :errorType, :errorMessage, :prompt, :model, :size,
					:quality, :style, :n, :background, :moderation, :outputFormat, :responseFormat, :user,
					:image, CAST(:metadata AS jsonb), (SELECT parent.id FROM item parent JOIN run
						ON run.parent_run_id = parent.run_id WHERE run.id = :run AND parent.external_id = :externalId),
					:now, :now)
				ON CONFLICT (run_id, external_id) DO NOTHING
				""", batch);
	}

	/**
	 * Claims up to {@code limit} PENDING items of a run, oldest first.
	 * {@code SKIP LOCKED} lets several workers (or processes) claim from one run without
	 * waiting on each other.
	 */
	List<Item> claimPending(String runId, int limit) {
		ItemStatus.PENDING.checkCanBecome(ItemStatus.IN_FLIGHT);
		List<Item> claimed = new ArrayList<>(this.jdbc.sql("""
				UPDATE item SET status = 'IN_FLIGHT', version = version + 1, updated_at = :now
				WHERE id IN (SELECT id FROM item WHERE run_id = :run AND status = 'PENDING'
					ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + ITEM_COLUMNS)
			.param("run", runId)
			.param("limit", limit)
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

	/** Puts an item back in the queue: its call was never made (the run is stopping). */
	void release(Item item) {
		transition(item, ItemStatus.PENDING, item.attempts(), null, null, null);
	}

	private void transition(Item item, ItemStatus to, int attempts, @Nullable ErrorType type, @Nullable String code,
			@Nullable String message) {
		ItemStatus.IN_FLIGHT.checkCanBecome(to);
		int updated = this.jdbc.sql("""
				UPDATE item SET status = :to, attempts = :attempts, error_type = :type, error_code = :code,
					error_message = :message, version = version + 1, updated_at = :now,
					needs_check = (CAST(:to AS VARCHAR) = 'PENDING' AND needs_check)
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
					"item " + item.id() + " changed while in flight (expected version " + item.version() + ")");
		}
	}

	/**
	 * Items a dead process left IN_FLIGHT go back to PENDING when their run starts again,
	 * marked so that S3 is searched for their images before the gateway is called again.
	 */
	int releaseInFlight(String runId) {
		return this.jdbc.sql("""
				UPDATE item SET status = 'PENDING', needs_check = TRUE, version = version + 1, updated_at = :now
				WHERE run_id = :run AND status = 'IN_FLIGHT'
				""").param("run", runId).param("now", Timestamp.from(this.clock.instant())).update();
	}

	ItemCounts counts(String runId) {
		Map<ItemStatus, Long> byStatus = new EnumMap<>(ItemStatus.class);
		this.jdbc.sql("SELECT status, COUNT(*) FROM item WHERE run_id = :run GROUP BY status")
			.param("run", runId)
			.query((rs, row) -> byStatus.put(ItemStatus.valueOf(rs.getString(1)), rs.getLong(2)))
			.list();
		return new ItemCounts(byStatus.getOrDefault(ItemStatus.PENDING, 0L),
				byStatus.getOrDefault(ItemStatus.IN_FLIGHT, 0L), byStatus.getOrDefault(ItemStatus.SUCCEEDED, 0L),
				byStatus.getOrDefault(ItemStatus.FAILED, 0L), byStatus.getOrDefault(ItemStatus.INVALID, 0L));
	}

	long imagesStored(String runId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = :run")
			.param("run", runId)
			.query(Long.class)
			.single();
	}

	List<ItemFailure> failures(String runId, @Nullable ErrorType type) {
		return this.jdbc
			.sql("""
					SELECT id, external_id, line, status, error_type, error_code, error_message, model FROM item
					WHERE run_id = :run AND status IN ('FAILED', 'INVALID') AND (CAST(:type AS VARCHAR) IS NULL OR error_type = :type)
					ORDER BY line, id
					""")
			.param("run", runId)
			.param("type", (type != null) ? type.name() : null)
			.query((rs, row) -> new ItemFailure(rs.getLong("id"), rs.getString("external_id"), rs.getLong("line"),
					ItemStatus.valueOf(rs.getString("status")), ErrorType.valueOf(rs.getString("error_type")),
					rs.getString("error_code"), rs.getString("error_message"), rs.getString("model")))
			.list();
	}

	Map<ErrorType, Long> failuresByType(String runId) {
		Map<ErrorType, Long> byType = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT error_type, COUNT(*) FROM item WHERE run_id = :run AND status IN ('FAILED', 'INVALID')
				GROUP BY error_type ORDER BY error_type
				""")
			.param("run", runId)
			.query((rs, row) -> byType.put(ErrorType.valueOf(rs.getString(1)), rs.getLong(2)))
			.list();
		return byType;
	}

	/**
	 * A page of a run's FAILED and INVALID items after {@code afterId}, in id order,
	 * narrowed to the given error types and external ids when those are not empty.
	 */
	List<FailedItem> failedAfter(String runId, long afterId, int limit, Set<ErrorType> types, Set<String> ids) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, external_id, line, status, error_type, error_message, prompt, model, size, quality, style,
					n, background, moderation, output_format, response_format, end_user, image, metadata,
					EXISTS (SELECT 1 FROM item retry WHERE retry.retry_of = item.id) AS resubmitted_before
				FROM item WHERE run_id = :run AND status IN ('FAILED', 'INVALID') AND id > :after
				""");
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("run", runId)
			.addValue("after", afterId)
			.addValue("limit", limit);
		if (!types.isEmpty()) {
			sql.append(" AND error_type IN (:types)");
			parameters.addValue("types", types.stream().map(ErrorType::name).toList());
		}
		if (!ids.isEmpty()) {
			sql.append(" AND external_id IN (:ids)");
			parameters.addValue("ids", List.copyOf(ids));
		}
		sql.append(" ORDER BY id LIMIT :limit");
		return this.named.query(sql.toString(), parameters, this::failedItem);
	}

	/** The status of each of the given items of a run that exists. */
	Map<String, ItemStatus> statusesOf(String runId, Set<String> externalIds) {
		if (externalIds.isEmpty()) {
			return Map.of();
		}
		Map<String, ItemStatus> statuses = new LinkedHashMap<>();
		this.named.query("SELECT external_id, status FROM item WHERE run_id = :run AND external_id IN (:ids)",
				new MapSqlParameterSource().addValue("run", runId).addValue("ids", List.copyOf(externalIds)),
				(rs, row) -> statuses.put(rs.getString(1), ItemStatus.valueOf(rs.getString(2))));
		return statuses;
	}

	/** Items of a run that resubmissions retried: at all, and more than once. */
	RetryCounts retryCounts(String runId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) AS retried, COUNT(*) FILTER (WHERE retries > 1) AS more_than_once FROM (
					SELECT COUNT(*) AS retries FROM item retry JOIN item parent ON parent.id = retry.retry_of
					WHERE parent.run_id = :run GROUP BY retry.retry_of) retried
				""")
			.param("run", runId)
			.query((rs, row) -> new RetryCounts(rs.getLong("retried"), rs.getLong("more_than_once")))
			.single();
	}

	/**
	 * How many of a run's items were retried, and how many more than once.
	 *
	 * @param retried items retried at least once
	 * @param moreThanOnce items retried more than once
	 */
	record RetryCounts(long retried, long moreThanOnce) {
	}

	private FailedItem failedItem(ResultSet rs, int row) throws SQLException {
		ItemStatus status = ItemStatus.valueOf(rs.getString("status"));
		Map<String, String> columns = new LinkedHashMap<>();
		columns.put("id", rs.getString("external_id"));
		if (status == ItemStatus.FAILED) {
			for (String column : List.of("prompt", "model", "size", "quality", "style", "n", "background", "moderation",
					"output_format", "response_format", "end_user", "image")) {
				String value = rs.getString(column);
				if (value != null && !value.isBlank()) {
					columns.put(column.equals("end_user") ? "user" : column, value);
				}
			}
		}
		// an INVALID item kept every column as read; a FAILED one keeps its extra columns
		this.json.readValue(rs.getString("metadata"), STRING_MAP).forEach(columns::putIfAbsent);
		return new FailedItem(rs.getLong("id"), rs.getString("external_id"), rs.getLong("line"), status,
				ErrorType.valueOf(rs.getString("error_type")), rs.getString("error_message"), columns,
				rs.getBoolean("resubmitted_before"));
	}

	/**
	 * Up to {@code limit} items of a run with ids after {@code afterId}, in id order,
	 * each with its stored images: a run of any size is read a page at a time.
	 */
	List<ItemSnapshot> snapshots(String runId, long afterId, int limit) {
		List<ItemSnapshot> items = this.jdbc.sql("""
				SELECT item.id, item.external_id, item.line, item.status, item.model, item.size, item.quality,
					item.prompt, item.attempts, item.error_type, item.error_code, item.error_message,
					retried.external_id AS retry_of
				FROM item LEFT JOIN item retried ON retried.id = item.retry_of
				WHERE item.run_id = :run AND item.id > :after
				ORDER BY item.id LIMIT :limit
				""")
			.param("run", runId)
			.param("after", afterId)
			.param("limit", limit)
			.query((rs, row) -> new ItemSnapshot(rs.getLong("id"), rs.getString("external_id"), rs.getLong("line"),
					ItemStatus.valueOf(rs.getString("status")), rs.getString("model"), rs.getString("size"),
					rs.getString("quality"), rs.getString("prompt"), rs.getInt("attempts"),
					(rs.getString("error_type") != null) ? ErrorType.valueOf(rs.getString("error_type")) : null,
					rs.getString("error_code"), rs.getString("error_message"), rs.getString("retry_of"), List.of()))
			.list();
		if (items.isEmpty()) {
			return items;
		}
		Map<Long, List<StoredImage>> images = new HashMap<>();
		this.jdbc.sql("""
				SELECT image.item_id, image.idx, image.bucket, image.object_key, image.content_type, image.bytes,
					image.sha256, image.origin, image.revised_prompt
				FROM image JOIN item ON item.id = image.item_id
				WHERE item.run_id = :run AND item.id > :after AND item.id <= :last
				ORDER BY image.item_id, image.idx
				""").param("run", runId).param("after", afterId).param("last", items.getLast().id()).query((rs) -> {
			images.computeIfAbsent(rs.getLong("item_id"), (id) -> new ArrayList<>())
				.add(new StoredImage(rs.getInt("idx"), rs.getString("bucket"), rs.getString("object_key"),
						rs.getString("content_type"), rs.getLong("bytes"), rs.getString("sha256"),
						rs.getString("origin"), rs.getString("revised_prompt")));
		});
		return items.stream().map((item) -> item.withImages(images.getOrDefault(item.id(), List.of()))).toList();
	}

	private Item item(ResultSet rs, int row) throws SQLException {
		ImageRequest request = new ImageRequest(rs.getString("model"), rs.getString("prompt"), rs.getInt("n"),
				rs.getString("size"), rs.getString("quality"), rs.getString("style"), rs.getString("background"),
				rs.getString("moderation"), rs.getString("output_format"), rs.getString("response_format"),
				rs.getString("end_user"), rs.getString("image"));
		return new Item(rs.getLong("id"), rs.getString("run_id"), rs.getString("external_id"), rs.getLong("line"),
				request, this.json.readValue(rs.getString("metadata"), STRING_MAP), rs.getInt("attempts"),
				rs.getInt("version"), rs.getBoolean("needs_check"));
	}

}
