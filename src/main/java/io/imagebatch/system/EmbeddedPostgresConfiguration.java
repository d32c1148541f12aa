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
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.driverClassName("org.postgresql.Driver")
			.url(server.jdbcUrl())
			.username("postgres")
			.password("postgres")
			.build();
	}

}
