package io.imagebatch.ratelimit;

import java.net.URI;
import java.nio.charset.StandardCharsets;

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
 */
public final class PostgresBuckets implements BucketStores {

	static final String TABLE = "rate_limit_bucket";

	private static final int KEY_HASH_HEX_DIGITS = 16;

	private final ProxyManager<String> buckets;

	/**
	 * @param dataSource the database every process of the deployment uses
	 */
	public PostgresBuckets(DataSource dataSource) {
		this(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
	}

	/** As above, with the clock every bucket refills by, for tests. */
	PostgresBuckets(DataSource dataSource, TimeMeter clock) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.clientClock(clock)
			.build();
	}

	@Override
	public BucketStore forKey(URI baseUrl, @Nullable String apiKey) {
		return new KeyBuckets(this.buckets, scope(baseUrl, apiKey));
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

	/**
	 * One key's buckets: proxies, which hold nothing but the row id and reach the
	 * database on each command, never when made.
	 */
	private record KeyBuckets(ProxyManager<String> buckets, String scope) implements BucketStore {

		@Override
		public Bucket bucket(String name, BucketConfiguration configuration, TimeMeter localTime) {
			return this.buckets.builder().build(this.scope + " " + name, () -> configuration);
		}

		@Override
		public boolean shared() {
			return true;
		}

	}

}
