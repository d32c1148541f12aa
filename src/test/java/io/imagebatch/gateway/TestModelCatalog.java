package io.imagebatch.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The built-in model catalog, bound the way the application binds it, for tests that need
 * real model capabilities without a Spring context.
 */
public final class TestModelCatalog {

	private TestModelCatalog() {
	}

	public static ModelCatalog load() {
		try {
			var sources = new YamlPropertySourceLoader().load("imagebatch-models",
					new ClassPathResource("imagebatch-models.yml"));
			Map<String, ModelSpec> specs = new Binder(ConfigurationPropertySources.from(sources))
				.bind("imagebatch.models", Bindable.mapOf(String.class, ModelSpec.class))
				.get();
			return new ModelCatalog(specs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
