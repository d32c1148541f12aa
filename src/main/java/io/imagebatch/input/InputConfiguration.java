package io.imagebatch.input;

import io.imagebatch.gateway.ModelCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Row validation against the model catalog.
 */
@Configuration(proxyBeanMethods = false)
class InputConfiguration {

	@Bean
	RowValidator rowValidator(ModelCatalog catalog) {
		return new RowValidator(catalog);
	}

}
