package io.imagebatch.deployment;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imagebatch.gateway.GatewayProperties;
import io.imagebatch.storage.StorageProperties;
import io.imagebatch.web.SecurityProperties;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration bound as the application binds it: to every
 * {@code @ConfigurationProperties} type under {@code io.imagebatch} and to Spring Boot's
 * {@code spring.datasource}, noting what in the checked source bound to nothing.
 *
 * @param properties the bound properties by type
 * @param dataSource {@code spring.datasource}
 * @param unbound the names in the checked source that no property took (environment
 * variables by their own name)
 */
record ApplicationBinding(Map<Class<?>, Object> properties, DataSourceProperties dataSource, Set<String> unbound) {

	/** Environment variables, as the operating system would pass them. */
	static ApplicationBinding ofEnvironment(Map<String, String> environment) {
		return of(environmentSource(environment), List.of());
	}

	/**
	 * A configuration file, its {@code ${…}} placeholders resolved from environment
	 * variables; only the file's names are checked for binding.
	 */
	static ApplicationBinding ofFile(PropertySource<?> file, Map<String, String> environment) {
		return of(file, List.of(environmentSource(environment)));
	}

	<T> T get(Class<T> type) {
		Object value = this.properties.get(type);
		assertThat(value).as("%s bound", type.getSimpleName()).isNotNull();
		return type.cast(value);
	}

	private static ApplicationBinding of(PropertySource<?> checked, List<PropertySource<?>> others) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(checked);
		others.forEach(sources::addLast);
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources), new ApplicationConversionService());
		Set<ConfigurationPropertyName> bound = new HashSet<>();
		BindHandler recording = new BindHandler() {

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				bound.add(name);
				return result;
			}

		};
		Map<Class<?>, Object> properties = new LinkedHashMap<>();
		for (Class<?> type : configurationProperties()) {
			String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
			binder.bind(prefix, Bindable.of(type), recording).ifBound((value) -> properties.put(type, value));
		}
		DataSourceProperties dataSource = binder
			.bind("spring.datasource", Bindable.of(DataSourceProperties.class), recording)
			.orElseGet(DataSourceProperties::new);
		// each name of the checked source as Spring reads it
		Set<String> unbound = new HashSet<>();
		IterableConfigurationPropertySource source = (IterableConfigurationPropertySource) ConfigurationPropertySources
			.from(checked)
			.iterator()
			.next();
		source.stream().filter((name) -> !bound.contains(name)).forEach((name) -> {
			Object origin = source.getConfigurationProperty(name).getOrigin();
			unbound
				.add((origin instanceof PropertySourceOrigin variable) ? variable.getPropertyName() : name.toString());
		});
		return new ApplicationBinding(properties, dataSource, unbound);
	}

	/** The application's {@code @ConfigurationProperties} types. */
	private static List<Class<?>> configurationProperties() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		List<Class<?>> types = scanner.findCandidateComponents("io.imagebatch")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, ApplicationBinding.class.getClassLoader()))
			.toList();
		assertThat(types).contains(GatewayProperties.class, StorageProperties.class, SecurityProperties.class);
		return types;
	}

	private static SystemEnvironmentPropertySource environmentSource(Map<String, String> environment) {
		// the name tells Spring Boot to map names as it does the process's own
		// environment
		return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new LinkedHashMap<>(environment));
	}

}
