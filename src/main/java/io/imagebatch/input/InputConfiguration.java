package io.imagebatch.input;

import javax.sql.DataSource;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.storage.ObjectKeyTemplate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Row validation against the model catalog, and the configured database sources.
 */
@Configuration(proxyBeanMethods = false)
class InputConfiguration {

	@Bean
	RowValidator rowValidator(ModelCatalog catalog, ObjectKeyTemplate keys) {
		return new RowValidator(catalog, keys);
	}

	@Bean(destroyMethod = "close")
	DbSources dbSources(SourceProperties properties, DataSource dataSource) {
		return new DbSources(properties, dataSource);
	}

}
