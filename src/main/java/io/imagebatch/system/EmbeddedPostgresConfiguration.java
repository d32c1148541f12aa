package io.imagebatch.system;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded PostgreSQL under {@code <data-dir>/postgres} when no
 * {@code spring.datasource.url} is configured.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceConfigured.class)
class EmbeddedPostgresConfiguration {

	static final String LOG_SERVER_ERROR_DETAIL = "logServerErrorDetail";

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(SystemProperties properties, EmbeddedParts embeddedParts) {
		var directory = properties.dataDir().resolve("postgres");
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory);
		embeddedParts.add("PostgreSQL (" + directory + ")");
		return server;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.driverClassName("org.postgresql.Driver")
			.url(server.jdbcUrl())
			.username("postgres")
			.password("postgres")
			.build();
		// set here as well as in application.yml, so that no configuration can lose it:
		// the driver otherwise quotes a failed statement's parameters (prompts) in its
		// exception messages, which end up in logs
		dataSource.addDataSourceProperty(LOG_SERVER_ERROR_DETAIL, "false");
		return dataSource;
	}

}
