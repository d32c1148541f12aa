package io.imagebatch.input;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;

/**
 * The configured database sources, by name. A source with its own {@code url} gets a
 * small read-only pool, opened the first time the source is used and closed with the
 * application; the others run on the product's own database.
 */
public final class DbSources implements AutoCloseable {

	private static final int SEPARATE_POOL_SIZE = 2;

	private final Map<String, DbSourceSettings> sources;

	private final DataSource productDatabase;

	private final Map<String, HikariDataSource> separateDatabases = new ConcurrentHashMap<>();

	public DbSources(SourceProperties properties, DataSource productDatabase) {
		this.sources = properties.sources();
		this.productDatabase = productDatabase;
	}

	/**
	 * The source named {@code name}.
	 * @param name the name after {@code db:}
	 * @return the source
	 * @throws InputException when no source has that name, listing those that do
	 */
	public DbSource get(String name) {
		DbSourceSettings settings = this.sources.get(name);
		if (settings == null) {
			throw new InputException(this.sources.isEmpty()
					? "no database source '%s': none is configured; define one with imagebatch.sources.%s.query"
						.formatted(name, name)
					: "no database source '%s'; configured: %s".formatted(name,
							String.join(", ", new TreeSet<>(this.sources.keySet()))));
		}
		String url = settings.url();
		DataSource database = (url != null)
				? this.separateDatabases.computeIfAbsent(name, (key) -> readOnlyPool(key, url, settings))
				: this.productDatabase;
		return new DbSource(name, settings, database);
	}

	@Override
	public void close() {
		this.separateDatabases.values().forEach(HikariDataSource::close);
		this.separateDatabases.clear();
	}

	private static HikariDataSource readOnlyPool(String name, String url, DbSourceSettings settings) {
		HikariDataSource pool = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(url)
			.username(settings.username())
			.password(settings.password())
			.build();
		pool.setPoolName("imagebatch-source-" + name);
		pool.setMaximumPoolSize(SEPARATE_POOL_SIZE);
		pool.setMinimumIdle(0);
		pool.setReadOnly(true);
		if (url.startsWith("jdbc:postgresql:")) {
			// the driver otherwise marks only explicit transactions read-only, and the
			// pages are read outside one
			pool.addDataSourceProperty("readOnlyMode", "always");
			// and would quote the source's values in its error messages, which are logged
			pool.addDataSourceProperty("logServerErrorDetail", "false");
		}
		return pool;
	}

}
