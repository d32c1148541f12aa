package io.imagebatch.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.imagebatch.gateway.GatewayProperties;
import io.imagebatch.run.RunProperties;
import io.imagebatch.storage.StorageProperties;
import io.imagebatch.web.Role;
import io.imagebatch.web.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;
import org.springframework.util.FileSystemUtils;

import static io.imagebatch.deployment.Manifests.at;
import static io.imagebatch.deployment.Manifests.listAt;
import static io.imagebatch.deployment.Manifests.mapAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The chart under helm/imagebatch linted and rendered by helm itself (helm-java, in
 * process), with its default values and with a production-like values file, and the
 * rendered manifests checked against what the application needs.
 */
class HelmChartTests {

	static final Path CHART = Paths.get("helm/imagebatch");

	private static final Path PRODUCTION_VALUES = CHART.resolve("ci/production-values.yaml");

	/** What a secret looks like when it was pasted where it must not be. */
	private static final Pattern SECRET_LITERAL = Pattern.compile(
			"\\{bcrypt}\\$|\\$2[aby]\\$\\d\\d\\$|\\bsk-[A-Za-z0-9]|AKIA[0-9A-Z]{16}|(?i)(password|api-key|secret-access-key):[ \\t]*[^$\\s{]");

	@TempDir
	Path temp;

	@Test
	void lintsCleanWithItsDefaultValues() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
	}

	@Test
	void lintsCleanWithProductionValues() throws IOException {
		// helm-java's lint takes no values file: lint a copy whose values.yaml is the
		// production file merged over the defaults, as helm would merge them
		Path chart = this.temp.resolve("imagebatch");
		FileSystemUtils.copyRecursively(CHART, chart);
		Map<String, Object> values = Manifests.merged(yaml(CHART.resolve("values.yaml")), yaml(PRODUCTION_VALUES));
		Files.writeString(chart.resolve("values.yaml"), new Yaml().dump(values));
		LintResult lint = new Helm(chart).lint().strict().call();
		assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
	}

	@Test
	void probesAskTheActuatorHealthGroupsOnTheServerPort() {
		Map<String, Object> container = container(render(UnaryOperator.identity()));
		Map<String, Object> port = listAt(container, "ports").get(0);
		assertThat(port).containsEntry("name", "http").containsEntry("containerPort", 8080);
		assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "livenessProbe.httpGet.port")).isEqualTo("http");
		assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "readinessProbe.httpGet.port")).isEqualTo("http");
		assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(container.get("args")).isEqualTo(List.of("serve"));
	}

	@Test
	void podsGetLongerToStopThanTheApplicationTakesToStoreItsCallsInFlight() {
		for (UnaryOperator<TemplateCommand> values : List.<UnaryOperator<TemplateCommand>>of(UnaryOperator.identity(),
				(template) -> template.withValuesFile(PRODUCTION_VALUES))) {
			List<Map<String, Object>> manifests = render(values);
			Duration grace = applicationShutdownGrace(manifests);
			Object terminationGrace = at(deployment(manifests), "spec.template.spec.terminationGracePeriodSeconds");
			assertThat(Duration.ofSeconds(((Number) terminationGrace).longValue())).isGreaterThan(grace);
		}
		assertThat(applicationShutdownGrace(render((template) -> template.withValuesFile(PRODUCTION_VALUES))))
			.isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void refusesATerminationGracePeriodThatCutsTheShutdownGraceShort() {
		assertThatException()
			.isThrownBy(
					() -> template().set("shutdownGraceSeconds", 60).set("terminationGracePeriodSeconds", 30).call())
			.withMessageContaining("terminationGracePeriodSeconds (30) must be above shutdownGraceSeconds (60)");
	}

	@Test
	void secretsAreReferencedFromTheExistingSecretAndNeverWritten() throws IOException {
		String rendered = template().withValuesFile(PRODUCTION_VALUES).call();
		List<Map<String, Object>> manifests = Manifests.documents(rendered);
		assertThat(manifests).extracting((manifest) -> manifest.get("kind")).doesNotContain("Secret");
		assertThat(rendered).doesNotContainPattern(SECRET_LITERAL);
		assertThat(Files.readString(CHART.resolve("values.yaml"))).doesNotContainPattern(SECRET_LITERAL);
		Map<String, Map<String, Object>> env = env(container(manifests));
		assertThat(env).containsKeys("DATABASE_PASSWORD", "GATEWAY_OPENAI_API_KEY", "GATEWAY_AZURE_EAST_API_KEY",
				"USER_OPERATOR_PASSWORD", "USER_PROMETHEUS_PASSWORD");
		env.forEach((name, variable) -> {
			if (name.matches(".*(PASSWORD|KEY|SECRET|TOKEN).*")) {
				assertThat(variable).as(name).doesNotContainKey("value");
				assertThat(at(variable, "valueFrom.secretKeyRef.name")).as(name).isEqualTo("imagebatch-prod");
			}
		});
		assertThat(at(env.get("GATEWAY_AZURE_EAST_API_KEY"), "valueFrom.secretKeyRef.key"))
			.isEqualTo("azure-east-api-key");
		// IRSA: no static S3 keys
		assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
		// the application reads the secrets through placeholders of its mounted
		// configuration
		StandardEnvironment application = application(manifests);
		assertThat(application.getProperty("spring.datasource.password")).isEqualTo("${DATABASE_PASSWORD}");
		assertThat(application.getProperty("imagebatch.gateways.azure-east.api-key"))
			.isEqualTo("${GATEWAY_AZURE_EAST_API_KEY}");
		assertThat(application.getProperty("imagebatch.security.users.operator.password"))
			.isEqualTo("${USER_OPERATOR_PASSWORD}");
		assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).containsEntry("value",
				"file:/etc/imagebatch/application.yml");
	}

	@Test
	void theConfigMapBindsToTheApplicationsPropertiesWithTheSecretsFromTheEnvironment() throws IOException {
		List<Map<String, Object>> manifests = render((template) -> template.withValuesFile(PRODUCTION_VALUES));
		// given: each variable the pods get from the Secret, with a value naming it
		Map<String, String> secrets = new LinkedHashMap<>();
		env(container(manifests)).forEach((name, variable) -> {
			if (at(variable, "valueFrom.secretKeyRef") != null) {
				secrets.put(name, "<" + name + ">");
			}
		});
		// when
		ApplicationBinding bound = ApplicationBinding.ofFile(applicationYaml(manifests), secrets);
		// then: every setting lands on a property, and where it is meant to (the
		// command line reads the shutdown grace from the environment, not from a record)
		assertThat(bound.unbound()).as("settings of the ConfigMap that bind to no property")
			.containsExactly("imagebatch.run.shutdown-grace");
		assertThat(bound.dataSource().getPassword()).isEqualTo("<DATABASE_PASSWORD>");
		assertThat(bound.dataSource().getUrl()).startsWith("jdbc:postgresql://imagebatch.cluster-abc");
		GatewayProperties gateways = bound.get(GatewayProperties.class);
		assertThat(gateways.gateways()).containsOnlyKeys("openai", "azure-east");
		assertThat(gateways.gateways().get("azure-east").apiKey().value()).isEqualTo("<GATEWAY_AZURE_EAST_API_KEY>");
		assertThat(gateways.gateways().get("openai").requestsPerMinute()).isEqualTo(50);
		assertThat(gateways.gateways().get("openai").maxConcurrency()).isEqualTo(32);
		assertThat(gateways.defaultGateway()).isEqualTo("openai");
		SecurityProperties security = bound.get(SecurityProperties.class);
		assertThat(security.users()).containsOnlyKeys("operator", "prometheus");
		assertThat(security.users().get("operator").password()).isEqualTo("<USER_OPERATOR_PASSWORD>");
		assertThat(security.users().get("operator").roles()).containsExactly(Role.OPERATOR);
		StorageProperties storage = bound.get(StorageProperties.class);
		assertThat(storage.bucket()).isEqualTo("acme-catalog-images");
		assertThat(storage.prefix()).isEqualTo("imagebatch/");
		assertThat(storage.region()).isEqualTo("eu-west-1");
		assertThat(storage.endpoint()).isNull();
		assertThat(bound.get(RunProperties.class).retryBudget()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void staticS3CredentialsComeFromTheSecretWhenConfigured() {
		Map<String, Map<String, Object>> env = env(
				container(render((template) -> template.set("secrets.s3AccessKeyIdKey", "s3-access-key-id")
					.set("secrets.s3SecretAccessKeyKey", "s3-secret-access-key"))));
		assertThat(at(env.get("AWS_ACCESS_KEY_ID"), "valueFrom.secretKeyRef"))
			.isEqualTo(Map.of("name", "imagebatch", "key", "s3-access-key-id"));
		assertThat(at(env.get("AWS_SECRET_ACCESS_KEY"), "valueFrom.secretKeyRef"))
			.isEqualTo(Map.of("name", "imagebatch", "key", "s3-secret-access-key"));
	}

	@Test
	void replicasResourcesAndAntiAffinityComeFromTheValues() {
		List<Map<String, Object>> defaults = render(UnaryOperator.identity());
		assertThat(at(deployment(defaults), "spec.replicas")).isEqualTo(2);
		assertThat(at(container(defaults), "resources.limits.memory")).isEqualTo("1Gi");
		assertThat(mapAt(deployment(defaults), "spec.template.spec.affinity.podAntiAffinity"))
			.containsKey("preferredDuringSchedulingIgnoredDuringExecution");

		List<Map<String, Object>> production = render((template) -> template.withValuesFile(PRODUCTION_VALUES));
		assertThat(at(deployment(production), "spec.replicas")).isEqualTo(3);
		assertThat(mapAt(container(production), "resources")).isEqualTo(
				Map.of("requests", Map.of("cpu", "1", "memory", "2Gi"), "limits", Map.of("cpu", "2", "memory", "2Gi")));
		List<Map<String, Object>> required = listAt(deployment(production),
				"spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution");
		assertThat(required).singleElement().satisfies((term) -> {
			assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
			assertThat(mapAt(term, "labelSelector.matchLabels"))
				.isEqualTo(mapAt(deployment(production), "spec.selector.matchLabels"));
		});
		assertThat(at(env(container(production)).get("JAVA_TOOL_OPTIONS"), "value").toString())
			.contains("-XX:MaxRAMPercentage=75");
	}

	@Test
	void podsRunAsTheImagesUserOnAReadOnlyRootWithAWritableTmp() throws IOException {
		List<Map<String, Object>> manifests = render(UnaryOperator.identity());
		Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(Files.readString(Paths.get("Dockerfile")));
		assertThat(user.find()).isTrue();
		Map<String, Object> pod = mapAt(deployment(manifests), "spec.template.spec");
		assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(Integer.parseInt(user.group(1)));
		assertThat(at(container(manifests), "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(listAt(container(manifests), "volumeMounts")).extracting((mount) -> mount.get("mountPath"))
			.contains("/tmp", "/etc/imagebatch");
		assertThat(listAt(pod, "volumes"))
			.anySatisfy((volume) -> assertThat(at(volume, "emptyDir.sizeLimit")).isEqualTo("2Gi"));
	}

	@Test
	void aDisruptionBudgetKeepsOneReplicaServing() {
		Map<String, Object> budget = only(render(UnaryOperator.identity()), "PodDisruptionBudget");
		assertThat(at(budget, "spec.minAvailable")).isEqualTo(1);
		assertThat(mapAt(budget, "spec.selector.matchLabels"))
			.isEqualTo(mapAt(deployment(render(UnaryOperator.identity())), "spec.selector.matchLabels"));
		// one replica: a budget of one would block every node drain
		assertThat(kinds(render((template) -> template.set("replicaCount", 1)))).doesNotContain("PodDisruptionBudget");
	}

	@Test
	void ingressAndServiceMonitorOnlyWhenEnabled() {
		assertThat(kinds(render(UnaryOperator.identity()))).doesNotContain("Ingress", "ServiceMonitor")
			.contains("Deployment", "Service", "ConfigMap", "ServiceAccount");
		List<Map<String, Object>> production = render((template) -> template.withValuesFile(PRODUCTION_VALUES));
		Map<String, Object> ingress = only(production, "Ingress");
		assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
		assertThat(listAt(ingress, "spec.tls").get(0)).containsEntry("secretName", "imagebatch-acme-tls");
		Map<String, Object> monitor = only(production, "ServiceMonitor");
		Map<String, Object> endpoint = listAt(monitor, "spec.endpoints").get(0);
		assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
		assertThat(at(endpoint, "basicAuth.password"))
			.isEqualTo(Map.of("name", "imagebatch-metrics", "key", "password"));
		assertThat(mapAt(monitor, "metadata.labels")).containsEntry("release", "kube-prometheus-stack");
	}

	@Test
	void theServiceAccountCarriesTheIrsaRoleWhenOneIsSet() {
		assertThat(mapAt(only(render(UnaryOperator.identity()), "ServiceAccount"), "metadata.annotations")).isEmpty();
		Map<String, Object> account = only(render((template) -> template.withValuesFile(PRODUCTION_VALUES)),
				"ServiceAccount");
		assertThat(mapAt(account, "metadata.annotations")).containsEntry("eks.amazonaws.com/role-arn",
				"arn:aws:iam::123456789012:role/imagebatch-s3");
		assertThat(at(deployment(render((template) -> template.withValuesFile(PRODUCTION_VALUES))),
				"spec.template.spec.serviceAccountName"))
			.isEqualTo(at(account, "metadata.name"));
		// the AWS SDK's credentials chain takes the role only with its STS client present
		assertThat(ClassUtils.isPresent(
				"software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory",
				getClass().getClassLoader()))
			.as("software.amazon.awssdk:sts on the runtime class path")
			.isTrue();
	}

	@Test
	void theGrafanaBoardShipsAsAConfigMapForTheSidecar() throws IOException {
		Map<String, Object> board = render(UnaryOperator.identity()).stream()
			.filter((manifest) -> "ConfigMap".equals(manifest.get("kind")))
			.filter((manifest) -> mapAt(manifest, "metadata.labels").containsKey("grafana_dashboard"))
			.findFirst()
			.orElseThrow();
		assertThat(mapAt(board, "data").get("imagebatch.json"))
			.isEqualTo(Files.readString(GrafanaDashboardTests.BOARD).stripTrailing());
	}

	@Test
	void theSchemaRefusesAWrongValueWithAMessage() {
		assertThatException().isThrownBy(() -> template().set("replicaCount", "two").call())
			.withMessageContaining("values don't meet the specifications of the schema")
			.withMessageContaining("at '/replicaCount': got string, want integer");
		assertThatException().isThrownBy(() -> template().set("replicaCount", -1).call())
			.withMessageContaining("at '/replicaCount': minimum: got -1, want 1");
		assertThatException().isThrownBy(() -> template().set("users.operator.roles[0]", "ADMIN").call())
			.withMessageContaining("at '/users/operator/roles/0': value must be one of 'VIEWER', 'OPERATOR'");
		assertThatException().isThrownBy(() -> template().set("secrets.existingSecret", "").call())
			.withMessageContaining("at '/secrets/existingSecret': minLength: got 0, want 1");
		assertThatException().isThrownBy(() -> template().set("serviceAccount.awsRoleArn", "imagebatch-s3").call())
			.withMessageContaining("at '/serviceAccount/awsRoleArn'");
	}

	@Test
	void theInstallNotesNameTheSecretKeysThePodsNeed() {
		// a client-only dry run renders NOTES.txt, which helm template leaves out
		String output = new Helm(CHART).install()
			.withName("imagebatch")
			.withNamespace("images")
			.withKubeVersion("1.31.0")
			.withValuesFile(PRODUCTION_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(output).contains("The pods need the Secret \"imagebatch-prod\" in namespace images",
				"database-password (PostgreSQL password for imagebatch)",
				"azure-east-api-key (API key of gateway azure-east)", "prometheus-password-hash (bcrypt hash",
				"https://imagebatch.acme.example/", "scraped through the ServiceMonitor");
	}

	/**
	 * helm template against a Kubernetes version the chart supports (helm-java assumes
	 * 1.20 otherwise).
	 */
	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("imagebatch").withKubeVersion("1.31.0");
	}

	private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
		return Manifests.documents(values.apply(template()).call());
	}

	private static Map<String, Object> deployment(List<Map<String, Object>> manifests) {
		return only(manifests, "Deployment");
	}

	private static Map<String, Object> container(List<Map<String, Object>> manifests) {
		return listAt(deployment(manifests), "spec.template.spec.containers").get(0);
	}

	private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		listAt(container, "env").forEach((variable) -> env.put((String) variable.get("name"), variable));
		return env;
	}

	private static Map<String, Object> only(List<Map<String, Object>> manifests, String kind) {
		List<Map<String, Object>> ofKind = manifests.stream()
			.filter((manifest) -> kind.equals(manifest.get("kind")))
			.toList();
		assertThat(ofKind).as(kind).hasSize(1);
		return ofKind.get(0);
	}

	private static List<Object> kinds(List<Map<String, Object>> manifests) {
		return manifests.stream().map((manifest) -> manifest.get("kind")).toList();
	}

	/** The mounted application.yml, as the application's environment sees it. */
	private static StandardEnvironment application(List<Map<String, Object>> manifests) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setConversionService(new ApplicationConversionService());
		environment.getPropertySources().addFirst(applicationYaml(manifests));
		// placeholders stay as written: the secrets are not here to resolve them
		environment.setIgnoreUnresolvableNestedPlaceholders(true);
		return environment;
	}

	/** The ConfigMap's application.yml, read as Spring Boot reads it. */
	private static PropertySource<?> applicationYaml(List<Map<String, Object>> manifests) {
		Map<String, Object> configMap = manifests.stream()
			.filter((manifest) -> "ConfigMap".equals(manifest.get("kind")))
			.filter((manifest) -> mapAt(manifest, "data").containsKey("application.yml"))
			.findFirst()
			.orElseThrow();
		String yaml = (String) mapAt(configMap, "data").get("application.yml");
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
			assertThat(sources).hasSize(1);
			return sources.get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How long the application gives its calls in flight once it is told to stop, read
	 * from the rendered configuration as the command line reads it.
	 */
	private static Duration applicationShutdownGrace(List<Map<String, Object>> manifests) {
		Duration grace = application(manifests).getProperty("imagebatch.run.shutdown-grace", Duration.class);
		assertThat(grace).as("imagebatch.run.shutdown-grace in the ConfigMap").isNotNull();
		return grace;
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return Manifests.document(Files.readString(file));
	}

}
