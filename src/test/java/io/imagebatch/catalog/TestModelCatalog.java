package io.imagebatch.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The built-in model catalog, bound from {@code imagebatch-models.yml} the way Spring
 * Boot binds it at start-up, for tests that need no application context.
 */
public final class TestModelCatalog {

	private static final String CATALOG = "imagebatch-models.yml";

	private TestModelCatalog() {
	}

	public static ModelCatalog load() {
		return new ModelCatalog(loadSpecs());
	}

	public static Map<String, ModelSpec> loadSpecs() {
		List<PropertySource<?>> sources;
		try {
			sources = new YamlPropertySourceLoader().load(CATALOG, new ClassPathResource(CATALOG));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + CATALOG, ex);
		}
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		return binder.bind("imagebatch.models", Bindable.mapOf(String.class, ModelSpec.class))
			.orElseThrow(() -> new IllegalStateException(CATALOG + " has no imagebatch.models"));
	}

}
