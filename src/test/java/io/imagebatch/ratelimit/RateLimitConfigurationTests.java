package io.imagebatch.ratelimit;

import java.net.URI;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitConfigurationTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, RateLimitConfiguration.class);

	@Test
	void sharesTheBucketsThroughTheApplicationsDatabaseByDefault() {
		this.context.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://unused/db"))
			.run((context) -> {
				BucketStores stores = context.getBean(BucketStores.class);
				assertThat(stores).isInstanceOf(PostgresBuckets.class);
				assertThat(stores.forKey(URI.create("https://api.example.com/v1"), "sk-one").shared()).isTrue();
			});
	}

	@Test
	void keepsTheBucketsInMemoryWhenNotShared() {
		this.context.withPropertyValues("imagebatch.rate-limit.shared=false")
			.run((context) -> assertThat(context.getBean(BucketStores.class)
				.forKey(URI.create("https://api.example.com/v1"), "sk-one")
				.shared()).isFalse());
	}

	@Test
	void refusesToStartSharedWithoutADatabase() {
		this.context.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("imagebatch.rate-limit.shared is true, but there is no database"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RateLimitProperties.class)
	static class Properties {

	}

}
