package io.imagebatch.cost;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.Usage;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger of what calls cost, one entry per answered call.
 */
@Component
public class CostLedger {

	private static final String BY_MODEL = """
			SELECT model, size, quality, mode, SUM(images) AS images, COALESCE(SUM(usd), 0) AS usd,
				COALESCE(SUM(images) FILTER (WHERE basis = 'unknown'), 0) AS unpriced
			FROM cost_entry WHERE %s
			GROUP BY model, size, quality, mode
			ORDER BY usd DESC, model, size, quality, mode
			""";

	private static final String BY_ITEM = """
			SELECT item_id, SUM(usd) AS usd, COALESCE(SUM(images) FILTER (WHERE basis = 'unknown'), 0) AS unpriced,
				BOOL_OR(mode = 'batch') AS batch
			FROM cost_entry WHERE %s
			GROUP BY item_id
			""";

	private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	CostLedger(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Records an entry in a transaction of its own, committed before the images are
	 * handled, so money spent is never lost with a later failure.
	 * @param entry the entry
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void record(CostEntry entry) {
		Usage usage = entry.usage();
		this.jdbc.sql("""
				INSERT INTO cost_entry (run_id, item_id, model, size, quality, images, basis, usd,
					input_text_tokens, input_image_tokens, output_image_tokens, output_text_tokens, image_urls,
					created_at, mode)
				VALUES (:run, :item, :model, :size, :quality, :images, :basis, :usd,
					:textIn, :imageIn, :imageOut, :textOut, CAST(:urls AS jsonb), :createdAt, :mode)
				""")
			.param("mode", entry.mode().id())
			.param("urls", entry.imageUrls().isEmpty() ? null : this.json.writeValueAsString(entry.imageUrls()))
			.param("run", entry.runId())
			.param("item", entry.itemId())
			.param("model", entry.model())
			.param("size", entry.size())
			.param("quality", entry.quality())
			.param("images", entry.images())
			.param("basis", entry.cost().basis().dbValue())
			.param("usd", entry.cost().usd())
			.param("textIn", (usage != null) ? usage.inputTextTokens() : null)
			.param("imageIn", (usage != null) ? usage.inputImageTokens() : null)
			.param("imageOut", (usage != null) ? usage.outputImageTokens() : null)
			.param("textOut", (usage != null) ? usage.outputTextTokens() : null)
			.param("createdAt", Timestamp.from(entry.createdAt()))
			.update();
	}

	/** A run's cost by model, size and quality, most expensive first. */
	public List<CostLine> byModel(String runId) {
		return this.jdbc.sql(BY_MODEL.formatted("run_id = :run")).param("run", runId).query(this::costLine).list();
	}

	/**
	 * The cost of every run in {@code [from, to)} by model, size and quality, most
	 * expensive first.
	 */
	public List<CostLine> byModel(Instant from, Instant to) {
		return this.jdbc.sql(BY_MODEL.formatted("created_at >= :from AND created_at < :to"))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(this::costLine)
			.list();
	}

	/**
	 * The cost of every run over the period by model, size and quality, most expensive
	 * first.
	 */
	public List<CostLine> byModel(CostPeriod period) {
		return byModel(period.start(), period.end());
	}

	/**
	 * The cost of every run over the period by day in its zone, in date order; days
	 * without spending are absent.
	 */
	public List<DailySpend> byDay(CostPeriod period) {
		return byDay(period.start(), period.end(), period.zone());
	}

	/**
	 * The cost of every run in {@code [from, to)} by day in {@code zone}, in date order;
	 * days without spending are absent.
	 */
	public List<DailySpend> byDay(Instant from, Instant to, ZoneId zone) {
		return this.jdbc.sql("""
				SELECT CAST(created_at AT TIME ZONE :zone AS DATE) AS day, SUM(images) AS images,
					COALESCE(SUM(usd), 0) AS usd,
					COALESCE(SUM(images) FILTER (WHERE basis = 'unknown'), 0) AS unpriced,
					COALESCE(SUM(usd) FILTER (WHERE mode = 'batch'), 0) AS batch_usd
				FROM cost_entry WHERE created_at >= :from AND created_at < :to
				GROUP BY day ORDER BY day
				""")
			.param("zone", zone.getId())
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, row) -> new DailySpend(rs.getObject("day", LocalDate.class), rs.getLong("images"),
					rs.getBigDecimal("usd").setScale(Cost.SCALE), rs.getLong("unpriced"),
					PriceTable.savedByBatch(rs.getBigDecimal("batch_usd"))))
			.list();
	}

	private CostLine costLine(ResultSet rs, int row) throws SQLException {
		CallMode mode = CallMode.of(rs.getString("mode"));
		BigDecimal usd = rs.getBigDecimal("usd").setScale(Cost.SCALE);
		return new CostLine(rs.getString("model"), rs.getString("size"), rs.getString("quality"), rs.getLong("images"),
				usd, rs.getLong("unpriced"), mode,
				(mode == CallMode.BATCH) ? PriceTable.savedByBatch(usd) : BigDecimal.ZERO.setScale(Cost.SCALE));
	}

	/**
	 * What each item of a run with an id in {@code (afterItemId, lastItemId]} cost, for
	 * reading a run's items a page at a time; items without an entry are absent.
	 * @param runId the run
	 * @param afterItemId the page starts after this item id
	 * @param lastItemId the page's last item id
	 * @return cost by item id
	 */
	public Map<Long, ItemCost> byItem(String runId, long afterItemId, long lastItemId) {
		Map<Long, ItemCost> costs = new HashMap<>();
		this.jdbc.sql(BY_ITEM.formatted("run_id = :run AND item_id > :after AND item_id <= :last"))
			.param("run", runId)
			.param("after", afterItemId)
			.param("last", lastItemId)
			.query((RowCallbackHandler) (rs) -> costs.put(rs.getLong("item_id"), itemCost(rs)));
		return costs;
	}

	/**
	 * What each of the given items cost, for a page of items; items without an entry are
	 * absent.
	 * @param itemIds the items' ids
	 * @return cost by item id
	 */
	public Map<Long, ItemCost> byItems(Collection<Long> itemIds) {
		Map<Long, ItemCost> costs = new HashMap<>();
		if (itemIds.isEmpty()) {
			return costs;
		}
		this.jdbc.sql(BY_ITEM.formatted("item_id IN (:items)"))
			.param("items", itemIds)
			.query((RowCallbackHandler) (rs) -> costs.put(rs.getLong("item_id"), itemCost(rs)));
		return costs;
	}

	private static ItemCost itemCost(ResultSet rs) throws SQLException {
		BigDecimal usd = rs.getBigDecimal("usd");
		return new ItemCost((usd != null) ? usd.setScale(Cost.SCALE) : null, rs.getLong("unpriced"),
				rs.getBoolean("batch") ? CallMode.BATCH : CallMode.SYNC);
	}

	/** What each of the runs has cost so far; a run without spending is absent. */
	public Map<String, BigDecimal> spentByRun(Collection<String> runIds) {
		Map<String, BigDecimal> spent = new HashMap<>();
		if (runIds.isEmpty()) {
			return spent;
		}
		this.jdbc.sql("SELECT run_id, COALESCE(SUM(usd), 0) FROM cost_entry WHERE run_id IN (:runs) GROUP BY run_id")
			.param("runs", runIds)
			.query((rs, row) -> spent.put(rs.getString(1), rs.getBigDecimal(2).setScale(Cost.SCALE)))
			.list();
		return spent;
	}

	/** What a run has spent so far (known prices only). */
	public BigDecimal spent(String runId) {
		BigDecimal spent = this.jdbc.sql("SELECT COALESCE(SUM(usd), 0) FROM cost_entry WHERE run_id = :run")
			.param("run", runId)
			.query(BigDecimal.class)
			.single();
		return spent.setScale(Cost.SCALE);
	}

	/**
	 * What a run's calls made in provider batches would have cost more synchronously.
	 */
	public BigDecimal saved(String runId) {
		return PriceTable.savedByBatch(
				this.jdbc.sql("SELECT COALESCE(SUM(usd), 0) FROM cost_entry WHERE run_id = :run AND mode = 'batch'")
					.param("run", runId)
					.query(BigDecimal.class)
					.single());
	}

	/**
	 * What each of the runs' calls made in provider batches would have cost more
	 * synchronously; a run without such calls is absent.
	 */
	public Map<String, BigDecimal> savedByRun(Collection<String> runIds) {
		Map<String, BigDecimal> saved = new HashMap<>();
		if (runIds.isEmpty()) {
			return saved;
		}
		this.jdbc.sql("""
				SELECT run_id, SUM(usd) FROM cost_entry WHERE run_id IN (:runs) AND mode = 'batch' AND usd IS NOT NULL
				GROUP BY run_id
				""")
			.param("runs", runIds)
			.query((rs, row) -> saved.put(rs.getString(1), PriceTable.savedByBatch(rs.getBigDecimal(2))))
			.list();
		return saved;
	}

	/**
	 * The item's latest call that the gateway answered, if any: what a restart expects to
	 * find in S3, or to download while its URLs live.
	 */
	public Optional<AnsweredCall> lastAnswered(long itemId) {
		return this.jdbc
			.sql("SELECT images, basis, usd, image_urls FROM cost_entry WHERE item_id = :item ORDER BY id DESC LIMIT 1")
			.param("item", itemId)
			.query((rs, row) -> {
				String urls = rs.getString("image_urls");
				BigDecimal usd = rs.getBigDecimal("usd");
				return new AnsweredCall(rs.getInt("images"),
						new Cost(CostBasis.fromDb(rs.getString("basis")),
								(usd != null) ? usd.setScale(Cost.SCALE) : null),
						(urls != null) ? this.json.readValue(urls, STRING_LIST) : List.of());
			})
			.optional();
	}

	/**
	 * What the item's answer in a provider's batch was recorded at, if it was recorded
	 * since {@code since}: a batch's output read again after a crash must not be charged
	 * twice.
	 */
	public Optional<Cost> batchAnswer(long itemId, Instant since) {
		return this.jdbc.sql("""
				SELECT basis, usd FROM cost_entry WHERE item_id = :item AND mode = 'batch' AND created_at >= :since
				ORDER BY id DESC LIMIT 1
				""").param("item", itemId).param("since", Timestamp.from(since)).query((rs, row) -> {
			BigDecimal usd = rs.getBigDecimal("usd");
			return new Cost(CostBasis.fromDb(rs.getString("basis")), (usd != null) ? usd.setScale(Cost.SCALE) : null);
		}).optional();
	}

}
