package io.imagebatch.deployment;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.gateway.GatewayProperties;
import io.imagebatch.storage.StorageProperties;
import io.imagebatch.web.Role;
import io.imagebatch.web.SecurityProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static io.imagebatch.deployment.Manifests.at;
import static io.imagebatch.deployment.Manifests.listAt;
import static io.imagebatch.deployment.Manifests.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read as compose reads it, and the environment it gives the two
 * {@code serve} replicas bound against the application's own
 * {@code @ConfigurationProperties}: every variable lands where it is meant to, and none
 * is ignored.
 */
class DockerComposeTests {

	private static final Path COMPOSE = Paths.get("docker-compose.yml");

	private static final Path ENV_EXAMPLE = Paths.get(".env.example");

	/**
	 * Compose's interpolation: {@code ${NAME}}, {@code ${NAME:-default}},
	 * {@code ${NAME:?message}}.
	 */
	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?}");

	private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|KEY|TOKEN|HASH).*");

	/** Variables read by something other than Spring's binding. */
	private static final Map<String, String> READ_ELSEWHERE = Map.of("AWS_ACCESS_KEY_ID",
			"the AWS SDK's credentials chain", "AWS_SECRET_ACCESS_KEY", "the AWS SDK's credentials chain",
			"JAVA_TOOL_OPTIONS", "the JVM");

	private final Map<String, Object> compose = yaml(COMPOSE);

	private final Map<String, Object> services = mapAt(this.compose, "services");

	@Test
	void runsPostgresMinioTwoServeReplicasAndPrometheusWithGrafanaOnRequest() {
		assertThat(this.services).containsKeys("postgres", "minio", "create-bucket", "imagebatch-1", "imagebatch-2",
				"prometheus", "grafana");
		assertThat(at(this.services, "postgres.image")).isEqualTo("postgres:17");
		assertThat(at(this.services, "create-bucket.image")).isEqualTo("minio/mc");
		assertThat(String.join(" ", strings(at(this.services, "create-bucket.entrypoint"))))
			.contains("mc mb --ignore-existing local/imagebatch");
		assertThat(at(this.services, "grafana.profiles")).isEqualTo(List.of("grafana"));
		for (String replica : List.of("imagebatch-1", "imagebatch-2")) {
			Map<String, Object> service = mapAt(this.services, replica);
			assertThat(service.get("command")).isEqualTo(List.of("serve"));
			assertThat(service.get("build")).isEqualTo(".");
			assertThat(at(service, "depends_on.postgres.condition")).isEqualTo("service_healthy");
			assertThat(at(service, "depends_on.create-bucket.condition")).isEqualTo("service_completed_successfully");
			assertThat(service.get("stop_grace_period")).isEqualTo("60s");
		}
		assertThat(at(this.services, "imagebatch-1.ports")).isEqualTo(List.of("8080:8080"));
		assertThat(at(this.services, "imagebatch-2.ports")).isEqualTo(List.of("8081:8080"));
	}

	@Test
	void theDatabaseAndTheObjectStoreAreHealthCheckedAndKeepTheirDataInVolumes() {
		assertThat(String.join(" ", strings(at(this.services, "postgres.healthcheck.test")))).contains("pg_isready");
		assertThat(strings(at(this.services, "minio.healthcheck.test"))).containsExactly("CMD", "mc", "ready", "local");
		assertThat(at(this.services, "create-bucket.depends_on.minio.condition")).isEqualTo("service_healthy");
		// named volumes: 'docker compose down' keeps them (only 'down -v' removes them)
		assertThat(mapAt(this.compose, "volumes")).containsKeys("postgres-data", "minio-data", "prometheus-data");
		assertThat(strings(at(this.services, "postgres.volumes"))).contains("postgres-data:/var/lib/postgresql/data");
		assertThat(strings(at(this.services, "minio.volumes"))).contains("minio-data:/data");
	}

	@Test
	void noSecretIsWrittenInTheComposeFileOrTheExampleEnvironment() throws IOException {
		this.services.forEach((name, service) -> environment(service).forEach((variable, value) -> {
			if (SECRET_NAME.matcher(variable).matches()) {
				assertThat(value).as("%s of %s", variable, name).matches("\\$\\{[A-Z0-9_]+(:\\?[^}]*)?}");
			}
		}));
		Map<String, String> example = dotEnv(ENV_EXAMPLE);
		assertThat(example).containsKeys("POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "OPENAI_API_KEY",
				"OPERATOR_PASSWORD_HASH", "PROMETHEUS_PASSWORD", "PROMETHEUS_PASSWORD_HASH");
		example.forEach((variable, value) -> {
			if (SECRET_NAME.matcher(variable).matches()) {
				assertThat(value).as(variable + " in .env.example").isEmpty();
			}
		});
		assertThat(Files.readAllLines(Paths.get(".gitignore"))).contains(".env");
		// every variable the compose file needs is in the example
		assertThat(example).containsKeys(referencedVariables().toArray(String[]::new));
	}

	@Test
	void theReplicasEnvironmentBindsToTheApplicationsProperties() {
		Map<String, String> environment = interpolated(environment(this.services.get("imagebatch-1")));
		assertThat(interpolated(environment(this.services.get("imagebatch-2")))).isEqualTo(environment);

		ApplicationBinding bound = ApplicationBinding.ofEnvironment(environment);
		assertThat(unbound(bound)).as("variables that bind to no property").isEmpty();

		DataSourceProperties dataSource = bound.dataSource();
		assertThat(dataSource.getUrl()).isEqualTo("jdbc:postgresql://postgres:5432/imagebatch");
		assertThat(dataSource.getUsername()).isEqualTo("imagebatch");
		assertThat(dataSource.getPassword()).isEqualTo("<POSTGRES_PASSWORD>");

		GatewayProperties gateways = bound.get(GatewayProperties.class);
		assertThat(gateways.gateways()).containsOnlyKeys("openai");
		assertThat(gateways.gateways().get("openai").baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
		assertThat(gateways.gateways().get("openai").apiKey().value()).isEqualTo("<OPENAI_API_KEY>");
		assertThat(gateways.defaultGateway()).isEqualTo("openai");

		StorageProperties storage = bound.get(StorageProperties.class);
		assertThat(storage.bucket()).isEqualTo("imagebatch");
		assertThat(storage.endpoint()).isEqualTo(URI.create("http://minio:9000"));
		assertThat(storage.pathStyle()).isTrue();
		assertThat(storage.region()).isEqualTo("us-east-1");

		SecurityProperties security = bound.get(SecurityProperties.class);
		assertThat(security.users()).containsOnlyKeys("operator", "prometheus");
		assertThat(security.users().get("operator").password()).isEqualTo("<OPERATOR_PASSWORD_HASH>");
		assertThat(security.users().get("operator").roles()).containsExactly(Role.OPERATOR);
		assertThat(security.users().get("prometheus").password()).isEqualTo("<PROMETHEUS_PASSWORD_HASH>");
		assertThat(security.users().get("prometheus").roles()).containsExactly(Role.VIEWER);
		// the S3 credentials, for the AWS SDK
		assertThat(environment).containsEntry("AWS_ACCESS_KEY_ID", "imagebatch")
			.containsEntry("AWS_SECRET_ACCESS_KEY", "<MINIO_ROOT_PASSWORD>");
	}

	@Test
	void aVariableThatBindsToNothingIsNoticed() {
		ApplicationBinding bound = ApplicationBinding
			.ofEnvironment(Map.of("IMAGEBATCH_STORAGE_PATHSTYLE", "true", "IMAGEBATCH_STORAGE_PATHSTYL", "true",
					"IMAGEBATCH_GATEWAYS_OPENAI_BASEURL", "https://api.openai.com/v1",
					"IMAGEBATCH_GATEWAY_OPENAI_APIKEY", "sk-typo", "JAVA_TOOL_OPTIONS", "-Xmx1g"));
		assertThat(unbound(bound)).containsExactlyInAnyOrder("IMAGEBATCH_STORAGE_PATHSTYL",
				"IMAGEBATCH_GATEWAY_OPENAI_APIKEY");
	}

	@Test
	void prometheusScrapesBothReplicasWithTheViewerLogin() {
		Map<String, Object> prometheus = yaml(Paths.get("deploy/prometheus/prometheus.yml"));
		Map<String, Object> job = listAt(prometheus, "scrape_configs").get(0);
		assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
		assertThat(strings(listAt(job, "static_configs").get(0).get("targets"))).containsExactly("imagebatch-1:8080",
				"imagebatch-2:8080");
		assertThat(at(job, "basic_auth.username")).isEqualTo("prometheus");
		assertThat(environment(this.services.get("imagebatch-1")))
			.containsEntry("IMAGEBATCH_SECURITY_USERS_PROMETHEUS_ROLES", "VIEWER");
		assertThat(at(job, "basic_auth.password_file")).isEqualTo("/run/secrets/prometheus_password");
		assertThat(strings(at(this.services, "prometheus.secrets"))).containsExactly("prometheus_password");
		assertThat(at(this.compose, "secrets.prometheus_password.environment")).isEqualTo("PROMETHEUS_PASSWORD");
		assertThat(strings(at(this.services, "prometheus.volumes")))
			.contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
	}

	@Test
	void grafanaProvisionsTheBoardTheChartShips() {
		assertThat(strings(at(this.services, "grafana.volumes")))
			.contains("./helm/imagebatch/dashboards:/var/lib/grafana/dashboards/imagebatch:ro");
		Map<String, Object> provider = listAt(yaml(Paths.get("deploy/grafana/provisioning/dashboards/imagebatch.yml")),
				"providers")
			.get(0);
		assertThat(at(provider, "options.path")).isEqualTo("/var/lib/grafana/dashboards/imagebatch");
		assertThat(GrafanaDashboardTests.BOARD).isRegularFile();
		Map<String, Object> datasource = listAt(
				yaml(Paths.get("deploy/grafana/provisioning/datasources/prometheus.yml")), "datasources")
			.get(0);
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
	}

	/**
	 * The variables after compose's interpolation from .env: the example's values, and a
	 * marker where the example leaves a secret to fill in.
	 */
	private static Map<String, String> interpolated(Map<String, String> environment) {
		Map<String, String> example = dotEnv(ENV_EXAMPLE);
		Map<String, String> result = new LinkedHashMap<>();
		environment.forEach((name, value) -> {
			Matcher matcher = INTERPOLATION.matcher(value);
			StringBuilder interpolated = new StringBuilder();
			while (matcher.find()) {
				String given = example.getOrDefault(matcher.group(1), "");
				String replacement = given.isEmpty() ? "<" + matcher.group(1) + ">" : given;
				matcher.appendReplacement(interpolated, Matcher.quoteReplacement(replacement));
			}
			matcher.appendTail(interpolated);
			result.put(name, interpolated.toString());
		});
		return result;
	}

	/** The variables no property took, those read by something else left out. */
	private static Set<String> unbound(ApplicationBinding binding) {
		Set<String> unbound = new HashSet<>(binding.unbound());
		unbound.removeAll(READ_ELSEWHERE.keySet());
		return unbound;
	}

	private Set<String> referencedVariables() throws IOException {
		Set<String> variables = new HashSet<>();
		Matcher matcher = INTERPOLATION.matcher(Files.readString(COMPOSE));
		while (matcher.find()) {
			variables.add(matcher.group(1));
		}
		variables.add((String) at(this.compose, "secrets.prometheus_password.environment"));
		return variables;
	}

	private static Map<String, String> environment(Object service) {
		Map<String, String> environment = new LinkedHashMap<>();
		mapAt(service, "environment").forEach((name, value) -> environment.put(name, String.valueOf(value)));
		return environment;
	}

	private static Map<String, String> dotEnv(Path file) {
		Map<String, String> variables = new LinkedHashMap<>();
		try {
			for (String line : Files.readAllLines(file)) {
				if (!line.isBlank() && !line.startsWith("#")) {
					int equals = line.indexOf('=');
					variables.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return variables;
	}

	private static List<String> strings(Object list) {
		return ((List<?>) list).stream().map(String::valueOf).toList();
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return Manifests.document(Files.readString(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
