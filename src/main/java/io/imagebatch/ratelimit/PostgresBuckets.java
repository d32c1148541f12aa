package io.imagebatch.ratelimit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.imagebatch.system.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets in PostgreSQL, one row of {@value #TABLE} each (migration V11), taken
 * from by every process that calls a gateway with the same key: Bucket4j's proxy buckets,
 * each command one transaction that locks the bucket's row
 * ({@code SELECT ... FOR UPDATE}), applies the command and writes the new state back.
 * <p>
 * A bucket's row is named after the gateway's base URL, the first 16 hex digits of the
 * SHA-256 of its key and the bucket's name: processes configured alike share buckets, a
 * different key gets its own, and the key is not stored.
 * <p>
 * <b>Clock.</b> Bucket4j's JDBC proxy managers compute the new state in the client, by
 * the client's clock (here the host's wall clock, in milliseconds); PostgreSQL's clock
 * cannot be used without a query of its own before every command. Hosts must therefore
 * keep their clocks in step (NTP): a host whose clock runs ahead by {@code s} seconds
 * sees up to {@code s × rate} tokens refilled early (never more than a bucket's
 * capacity), and the others see no refill until their clocks pass the time it wrote.
 * Milliseconds of skew are far inside the rate limit headroom; seconds are not.
 * <p>
 * <b>Grants.</b> Beside each bucket, a row of {@value #GRANT_TABLE} (migration V12, same
 * id) counts the tokens every process was granted from it: one statement after each call
 * is allowed, for all of the call's limited buckets. A change made
 * {@link BucketStore#serialized serialized} (raising a bucket to what the gateway reports
 * left) holds a transaction-scoped advisory lock named after the bucket while it reads
 * the bucket, reads the count and writes the bucket (Bucket4j's commands, each a
 * transaction of its own on another connection). Nothing else takes that lock, so it can
 * deadlock with nothing: Bucket4j's transactions lock only the bucket's row and wait for
 * no other lock, and counting a grant locks only grant rows (a call's in id order). An
 * advisory lock rather than the grant row's: counting a grant never waits for a change,
 * so no call waits on a change while holding a connection the change needs.
 */
public final class PostgresBuckets implements BucketStores {

	static final String TABLE = "rate_limit_bucket";

	static final String GRANT_TABLE = "rate_limit_grant";

	private static final int KEY_HASH_HEX_DIGITS = 16;

	private final ProxyManager<String> buckets;

	private final DataSource dataSource;

	/**
	 * One serialized change at a time in this process: it holds a connection while its
	 * Bucket4j commands take others from the pool, and changes waiting for each other's
	 * lock while holding connections could otherwise drain the pool.
	 */
	private final ReentrantLock changing = new ReentrantLock();

	/**
	 * @param dataSource the database every process of the deployment uses
	 */
	public PostgresBuckets(DataSource dataSource) {
		this(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
	}

	/** As above, with the clock every bucket refills by, for tests. */
	PostgresBuckets(DataSource dataSource, TimeMeter clock) {
		this.dataSource = dataSource;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.clientClock(clock)
			.build();
	}

	@Override
	public BucketStore forKey(URI baseUrl, @Nullable String apiKey) {
		return new KeyBuckets(this, scope(baseUrl, apiKey));
	}

	/** The gateway and key part of a bucket's row id: never the key itself. */
	static String scope(URI baseUrl, @Nullable String apiKey) {
		String base = baseUrl.toString();
		String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return trimmed + " " + ((apiKey != null) ? sha256Prefix(apiKey) : "no-key");
	}

	private static String sha256Prefix(String apiKey) {
		return Sha256.hex(apiKey.getBytes(StandardCharsets.UTF_8)).substring(0, KEY_HASH_HEX_DIGITS);
	}

	/** Adds grants to the count of each bucket, returning the counts by bucket id. */
	private Map<String, Long> countGranted(Map<String, Long> tokensById) throws SQLException {
		// rows in id order, so that calls counting the same buckets lock them alike
		List<String> ids = tokensById.keySet().stream().sorted().toList();
		String sql = "INSERT INTO " + GRANT_TABLE + " (id, granted) VALUES "
				+ String.join(", ", Collections.nCopies(ids.size(), "(?, ?)")) + " ON CONFLICT (id) DO UPDATE SET "
				+ "granted = " + GRANT_TABLE + ".granted + EXCLUDED.granted RETURNING id, granted";
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < ids.size(); i++) {
				statement.setString(2 * i + 1, ids.get(i));
				statement.setLong(2 * i + 2, tokensById.get(ids.get(i)));
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getLong(2));
				}
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		return counts;
	}

	private void serialized(String id, Consumer<LongSupplier> change) throws SQLException {
		this.changing.lock();
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				try (PreparedStatement lock = connection
					.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
					lock.setString(1, GRANT_TABLE + " " + id);
					lock.executeQuery().close();
				}
				change.accept(() -> granted(connection, id));
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				try {
					connection.rollback();
				}
				catch (SQLException rollbackFailed) {
					ex.addSuppressed(rollbackFailed);
				}
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		finally {
			this.changing.unlock();
		}
	}

	/** A bucket's grant count as committed now (each statement reads the latest). */
	private static long granted(Connection connection, String id) {
		try (PreparedStatement query = connection
			.prepareStatement("SELECT granted FROM " + GRANT_TABLE + " WHERE id = ?")) {
			query.setString(1, id);
			try (ResultSet row = query.executeQuery()) {
				return row.next() ? row.getLong(1) : 0;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read how many tokens were granted from " + id, ex);
		}
	}

	/**
	 * One key's buckets: proxies, which hold nothing but the row id and reach the
	 * database on each command, never when made.
	 */
	private record KeyBuckets(PostgresBuckets store, String scope) implements BucketStore {

		@Override
		public Bucket bucket(String name, BucketConfiguration configuration, TimeMeter localTime) {
			return this.store.buckets.builder().build(id(name), () -> configuration);
		}

		@Override
		public boolean shared() {
			return true;
		}

		@Override
		public Map<String, Long> countGranted(Map<String, Long> tokensByBucket) {
			if (tokensByBucket.isEmpty()) {
				return Map.of();
			}
			Map<String, Long> tokensById = new LinkedHashMap<>();
			tokensByBucket.forEach((name, tokens) -> tokensById.put(id(name), tokens));
			try {
				Map<String, Long> countsById = this.store.countGranted(tokensById);
				Map<String, Long> counts = new LinkedHashMap<>();
				tokensByBucket.keySet().forEach((name) -> counts.put(name, countsById.get(id(name))));
				return counts;
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not count the tokens granted from " + tokensById.keySet(), ex);
			}
		}

		@Override
		public void serialized(String name, Consumer<LongSupplier> change) {
			try {
				this.store.serialized(id(name), change);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not lock the bucket " + id(name) + " to change it", ex);
			}
		}

		private String id(String name) {
			return this.scope + " " + name;
		}

	}

}
