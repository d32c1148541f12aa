package io.imagebatch.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The model catalog, bound once for every module that asks it.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

	@Bean
	ModelCatalog modelCatalog(CatalogProperties properties) {
		return properties.catalog();
	}

}
