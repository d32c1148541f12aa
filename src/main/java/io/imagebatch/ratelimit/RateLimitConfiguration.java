package io.imagebatch.ratelimit;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the gateways' token buckets live: in the application's database unless
 * {@code imagebatch.rate-limit.shared} is {@code false}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	BucketStores bucketStores(RateLimitProperties properties, ObjectProvider<DataSource> dataSource) {
		if (!properties.shared()) {
			return BucketStores.IN_MEMORY;
		}
		DataSource database = dataSource.getIfAvailable();
		if (database == null) {
			throw new IllegalStateException("imagebatch.rate-limit.shared is true, but there is no database to share "
					+ "rate limits through; configure spring.datasource.url, or set imagebatch.rate-limit.shared: false "
					+ "when a single process uses each gateway key");
		}
		return new PostgresBuckets(database);
	}

}
