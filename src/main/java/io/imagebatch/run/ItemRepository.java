package io.imagebatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.imagebatch.gateway.ImageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Items in PostgreSQL: loading them, and what reports, resubmissions and snapshots read.
 * Their status changes while they are worked on belong to the {@link WorkQueue}.
 */
@Repository
class ItemRepository {

	/** An item as a snapshot, with the external id of the item it retries. */
	private static final String SNAPSHOT = """
			SELECT item.id, item.external_id, item.line, item.status, item.model, item.size, item.quality,
				item.prompt, item.attempts, item.error_type, item.error_code, item.error_message,
				retried.external_id AS retry_of
			FROM item LEFT JOIN item retried ON retried.id = item.retry_of
			""";

	static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

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

	ItemCounts counts(String runId) {
		return countsOf(byStatus(this.jdbc.sql("SELECT status, COUNT(*) FROM item WHERE run_id = :run GROUP BY status")
			.param("run", runId)));
	}

	/**
	 * Each run's items by status, in one grouped query over the {@code (run_id, status)}
	 * index.
	 */
	Map<String, ItemCounts> countsByRun(Collection<String> runIds) {
		Map<String, Map<ItemStatus, Long>> byRun = new HashMap<>();
		runIds.forEach((run) -> byRun.put(run, new EnumMap<>(ItemStatus.class)));
		if (!runIds.isEmpty()) {
			this.named.query(
					"SELECT run_id, status, COUNT(*) FROM item WHERE run_id IN (:runs) GROUP BY run_id, status",
					new MapSqlParameterSource("runs", List.copyOf(runIds)),
					(RowCallbackHandler) (rs) -> byRun.get(rs.getString(1))
						.put(ItemStatus.valueOf(rs.getString(2)), rs.getLong(3)));
		}
		Map<String, ItemCounts> counts = new HashMap<>();
		byRun.forEach((run, byStatus) -> counts.put(run, countsOf(byStatus)));
		return counts;
	}

	private static ItemCounts countsOf(Map<ItemStatus, Long> byStatus) {
		return new ItemCounts(byStatus.getOrDefault(ItemStatus.PENDING, 0L),
				byStatus.getOrDefault(ItemStatus.IN_FLIGHT, 0L), byStatus.getOrDefault(ItemStatus.SUCCEEDED, 0L),
				byStatus.getOrDefault(ItemStatus.FAILED, 0L), byStatus.getOrDefault(ItemStatus.INVALID, 0L));
	}

	/** The items of every run by status, statuses without any left out. */
	Map<ItemStatus, Long> countsByStatus() {
		return byStatus(this.jdbc.sql("SELECT status, COUNT(*) FROM item GROUP BY status"));
	}

	private static Map<ItemStatus, Long> byStatus(JdbcClient.StatementSpec countByStatus) {
		Map<ItemStatus, Long> byStatus = new EnumMap<>(ItemStatus.class);
		countByStatus.query((rs, row) -> byStatus.put(ItemStatus.valueOf(rs.getString(1)), rs.getLong(2))).list();
		return byStatus;
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

	/**
	 * The run's FAILED and INVALID items grouped by error type and gateway code, largest
	 * group first: one grouped query over the {@code (run_id, status)} index.
	 */
	List<FailureGroup> failureGroups(String runId) {
		return this.jdbc.sql("""
				SELECT error_type, error_code, COUNT(*) AS items, MIN(error_message) AS sample FROM item
				WHERE run_id = :run AND status IN ('FAILED', 'INVALID')
				GROUP BY error_type, error_code ORDER BY items DESC, error_type, error_code
				""")
			.param("run", runId)
			.query((rs, row) -> new FailureGroup(ErrorType.valueOf(rs.getString("error_type")),
					rs.getString("error_code"), rs.getLong("items"), String.valueOf(rs.getString("sample"))))
			.list();
	}

	/**
	 * The first {@code limit} items of a failure group, in input order, without images.
	 */
	List<ItemSnapshot> failuresIn(String runId, ErrorType type, @Nullable String code, int limit) {
		return this.jdbc.sql(SNAPSHOT + """
				WHERE item.run_id = :run AND item.status IN ('FAILED', 'INVALID') AND item.error_type = :type
					AND item.error_code IS NOT DISTINCT FROM CAST(:code AS VARCHAR)
				ORDER BY item.line, item.id LIMIT :limit
				""")
			.param("run", runId)
			.param("type", type.name())
			.param("code", code)
			.param("limit", limit)
			.query(this::snapshot)
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
	 * A page of a run's items in id order, of one status, error type and model or of all,
	 * each with its stored images. The count and the page both come from the
	 * {@code (run_id, status, id)} index.
	 */
	List<ItemSnapshot> page(String runId, @Nullable ItemStatus status, @Nullable ErrorType type, @Nullable String model,
			long offset, int limit) {
		List<ItemSnapshot> items = this.jdbc.sql(SNAPSHOT + """
				WHERE item.run_id = :run AND (CAST(:status AS VARCHAR) IS NULL OR item.status = :status)
					AND (CAST(:type AS VARCHAR) IS NULL OR item.error_type = :type)
					AND (CAST(:model AS VARCHAR) IS NULL OR item.model = :model)
				ORDER BY item.id OFFSET :offset LIMIT :limit
				""")
			.param("run", runId)
			.param("status", (status != null) ? status.name() : null)
			.param("type", (type != null) ? type.name() : null)
			.param("model", model)
			.param("offset", offset)
			.param("limit", limit)
			.query(this::snapshot)
			.list();
		if (items.isEmpty()) {
			return items;
		}
		Map<Long, List<StoredImage>> images = new HashMap<>();
		this.named.query("""
				SELECT item_id, idx, bucket, object_key, content_type, bytes, sha256, origin, revised_prompt
				FROM image WHERE item_id IN (:ids) ORDER BY item_id, idx
				""", new MapSqlParameterSource("ids", items.stream().map(ItemSnapshot::id).toList()),
				(RowCallbackHandler) (rs) -> images.computeIfAbsent(rs.getLong("item_id"), (id) -> new ArrayList<>())
					.add(storedImage(rs, 0)));
		return items.stream().map((item) -> item.withImages(images.getOrDefault(item.id(), List.of()))).toList();
	}

	long count(String runId, @Nullable ItemStatus status, @Nullable ErrorType type, @Nullable String model) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM item WHERE run_id = :run AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
					AND (CAST(:type AS VARCHAR) IS NULL OR error_type = :type)
					AND (CAST(:model AS VARCHAR) IS NULL OR model = :model)
				""")
			.param("run", runId)
			.param("status", (status != null) ? status.name() : null)
			.param("type", (type != null) ? type.name() : null)
			.param("model", model)
			.query(Long.class)
			.single();
	}

	/** The models a run's items ask for, sorted, at most {@code limit} of them. */
	List<String> models(String runId, int limit) {
		return this.jdbc.sql("""
				SELECT DISTINCT model FROM item WHERE run_id = :run AND model IS NOT NULL ORDER BY model LIMIT :limit
				""").param("run", runId).param("limit", limit).query(String.class).list();
	}

	/** One stored image of an item, by the item's external id and the image's index. */
	Optional<StoredImage> image(String runId, String externalId, int index) {
		return this.jdbc.sql("""
				SELECT image.idx, image.bucket, image.object_key, image.content_type, image.bytes, image.sha256,
					image.origin, image.revised_prompt
				FROM image JOIN item ON item.id = image.item_id
				WHERE item.run_id = :run AND item.external_id = :item AND image.idx = :index
				""")
			.param("run", runId)
			.param("item", externalId)
			.param("index", index)
			.query(this::storedImage)
			.optional();
	}

	/**
	 * Up to {@code limit} items of a run with ids after {@code afterId}, in id order,
	 * each with its stored images: a run of any size is read a page at a time.
	 */
	List<ItemSnapshot> snapshots(String runId, long afterId, int limit) {
		List<ItemSnapshot> items = this.jdbc.sql(SNAPSHOT + """
				WHERE item.run_id = :run AND item.id > :after
				ORDER BY item.id LIMIT :limit
				""").param("run", runId).param("after", afterId).param("limit", limit).query(this::snapshot).list();
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
			images.computeIfAbsent(rs.getLong("item_id"), (id) -> new ArrayList<>()).add(storedImage(rs, 0));
		});
		return items.stream().map((item) -> item.withImages(images.getOrDefault(item.id(), List.of()))).toList();
	}

	private ItemSnapshot snapshot(ResultSet rs, int row) throws SQLException {
		String errorType = rs.getString("error_type");
		return new ItemSnapshot(rs.getLong("id"), rs.getString("external_id"), rs.getLong("line"),
				ItemStatus.valueOf(rs.getString("status")), rs.getString("model"), rs.getString("size"),
				rs.getString("quality"), rs.getString("prompt"), rs.getInt("attempts"),
				(errorType != null) ? ErrorType.valueOf(errorType) : null, rs.getString("error_code"),
				rs.getString("error_message"), rs.getString("retry_of"), List.of());
	}

	private StoredImage storedImage(ResultSet rs, int row) throws SQLException {
		return new StoredImage(rs.getInt("idx"), rs.getString("bucket"), rs.getString("object_key"),
				rs.getString("content_type"), rs.getLong("bytes"), rs.getString("sha256"), rs.getString("origin"),
				rs.getString("revised_prompt"));
	}

}
