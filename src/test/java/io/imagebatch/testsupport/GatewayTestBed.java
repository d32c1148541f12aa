package io.imagebatch.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import io.imagebatch.ImagebatchApplication;
import io.imagebatch.catalog.TestModelCatalog;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorProperties;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A test's world: real PostgreSQL and S3 from {@link TestInfrastructure}, simulators
 * configured as named gateways, CSV files, and the command line to drive it all. Retries
 * back off in milliseconds so fault tests stay quick.
 */
public final class GatewayTestBed implements AutoCloseable {

	/** The key every simulator accepts unless a test says otherwise. */
	public static final String API_KEY = "sk-test-0123456789abcdef";

	private final TestInfrastructure infrastructure = TestInfrastructure.get();

	private final Map<String, GatewaySimulator> simulators = new LinkedHashMap<>();

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final Path temp;

	private final List<String> schemas = new ArrayList<>();

	private final List<ConfigurableApplicationContext> applications = new ArrayList<>();

	private final List<ServeProcess> serves = new ArrayList<>();

	public GatewayTestBed(Path temp, String bucket) {
		this.temp = temp;
		this.properties.putAll(this.infrastructure.properties(bucket));
		this.properties.put("imagebatch.run.initial-backoff", "10ms");
		this.properties.put("imagebatch.run.max-backoff", "50ms");
	}

	/**
	 * Starts a simulator and configures it as gateway {@code name} at
	 * {@code <simulator>/v1} with {@link #API_KEY}.
	 */
	public GatewaySimulator gateway(String name, UnaryOperator<SimulatorProperties> settings) {
		GatewaySimulator simulator = new GatewaySimulator(
				settings.apply(SimulatorProperties.defaults().withApiKeys(List.of(API_KEY))), TestModelCatalog.load(),
				Clock.systemUTC());
		simulator.start(0);
		this.simulators.put(name, simulator);
		property("imagebatch.gateways." + name + ".base-url", simulator.baseUri() + "/v1");
		property("imagebatch.gateways." + name + ".api-key", API_KEY);
		return simulator;
	}

	/**
	 * Configures a user of {@code serve} with a bcrypt hash of the password (the cheapest
	 * cost, so that tests do not wait on it) and the given roles.
	 */
	public GatewayTestBed user(String name, String password, String roles) {
		property("imagebatch.security.users." + name + ".password",
				"{bcrypt}" + new BCryptPasswordEncoder(4).encode(password));
		return property("imagebatch.security.users." + name + ".roles", roles);
	}

	public GatewayTestBed property(String name, String value) {
		this.properties.put(name, value);
		return this;
	}

	public Map<String, String> properties() {
		return new LinkedHashMap<>(this.properties);
	}

	public CliInvocation cli(String... args) {
		return CliInvocation.run(this.properties, args);
	}

	/**
	 * Starts the application in this JVM, without a web server, on the bed's properties:
	 * for tests that read its beans after a run, which the command line would have
	 * closed. The bed closes it first when it closes.
	 * @param args more arguments, before the bed's properties
	 */
	public ConfigurableApplicationContext application(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		this.properties.forEach((name, value) -> all.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(ImagebatchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = application.run(all.toArray(String[]::new));
		this.applications.add(context);
		return context;
	}

	/**
	 * Starts {@code serve} in a process of its own with the bed's properties, and waits
	 * until it is ready; it stops when the bed closes.
	 * @param args more arguments for {@code serve}, such as {@code --demo}
	 */
	public ServeProcess serve(String... args) {
		ServeProcess serve = ServeProcess.start(this.temp, properties(), args);
		this.serves.add(serve);
		return serve;
	}

	/**
	 * Runs a command on another thread, for tests that change the world while it runs.
	 */
	public CompletableFuture<CliInvocation> cliInBackground(String... args) {
		Map<String, String> snapshot = properties();
		return CompletableFuture.supplyAsync(() -> CliInvocation.run(snapshot, args));
	}

	public Path csv(String content) {
		try {
			Path file = Files.createTempFile(this.temp, "rows", ".csv");
			Files.writeString(file, content, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A CSV of {@code rows} distinct prompts for one model and size. */
	public Path rows(int rows, String model, String size, String responseFormat) {
		StringBuilder csv = new StringBuilder("id,prompt,model,size,response_format\n");
		for (int i = 1; i <= rows; i++) {
			csv.append("row-").append(i).append(",Prompt number ").append(i).append(',').append(model).append(',');
			csv.append(size).append(',').append(responseFormat).append('\n');
		}
		return csv(csv.toString());
	}

	/**
	 * Uploads {@code content} as an object, creating the bucket when needed.
	 * @return the object's {@code s3://bucket/key}
	 */
	public String s3Object(String bucket, String key, String content) {
		try (S3Client s3 = s3()) {
			if (s3.listBuckets().buckets().stream().noneMatch((existing) -> existing.name().equals(bucket))) {
				s3.createBucket((request) -> request.bucket(bucket));
			}
			s3.putObject((request) -> request.bucket(bucket).key(key), RequestBody.fromString(content));
		}
		return "s3://" + bucket + "/" + key;
	}

	public JdbcClient jdbc() {
		return this.infrastructure.jdbc();
	}

	public S3Client s3() {
		return this.infrastructure.s3();
	}

	public Map<String, Long> itemsByStatus(String runId) {
		Map<String, Long> byStatus = new LinkedHashMap<>();
		jdbc().sql("SELECT status, COUNT(*) FROM item WHERE run_id = ? GROUP BY status ORDER BY status")
			.param(runId)
			.query((rs, row) -> byStatus.put(rs.getString(1), rs.getLong(2)))
			.list();
		return byStatus;
	}

	/** Each item of a run's status, by external id. */
	public Map<String, String> statusById(String runId) {
		Map<String, String> byId = new LinkedHashMap<>();
		jdbc().sql("SELECT external_id, status FROM item WHERE run_id = ? ORDER BY line, id")
			.param(runId)
			.query((rs, row) -> byId.put(rs.getString(1), rs.getString(2)))
			.list();
		return byId;
	}

	public Map<String, Object> item(String runId, String externalId) {
		return jdbc().sql("SELECT * FROM item WHERE run_id = ? AND external_id = ?")
			.params(runId, externalId)
			.query()
			.singleRow();
	}

	/**
	 * Deletes every schedule as {@code schedule delete} would (its firings and runs
	 * stay): the database outlives a test class, and a later test's {@code serve} must
	 * neither fire nor list what an earlier one made.
	 */
	public void deleteSchedules() {
		boolean migrated = jdbc().sql("SELECT to_regclass('schedule') IS NOT NULL").query(Boolean.class).single();
		if (migrated) {
			jdbc().sql("UPDATE schedule SET enabled = false, deleted_at = now() WHERE deleted_at IS NULL").update();
		}
	}

	/** The run created last, for tests that watch a command still running. */
	public String latestRunId() {
		return jdbc().sql("SELECT id FROM run ORDER BY created_at DESC LIMIT 1").query(String.class).single();
	}

	/** Runs so far; none while the product has not yet created its tables. */
	public long runCount() {
		boolean migrated = jdbc().sql("SELECT to_regclass('run') IS NOT NULL").query(Boolean.class).single();
		return migrated ? jdbc().sql("SELECT COUNT(*) FROM run").query(Long.class).single() : 0;
	}

	/**
	 * A new schema for a test's tables, dropped when the bed closes: Flyway refuses a
	 * non-empty public schema it has not migrated, and a run may be the first of the test
	 * JVM.
	 */
	public String schema(String prefix) {
		String schema = prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		jdbc().sql("CREATE SCHEMA " + schema).update();
		this.schemas.add(schema);
		return schema;
	}

	public Map<String, Object> run(String runId) {
		return jdbc().sql("SELECT * FROM run WHERE id = ?").param(runId).query().singleRow();
	}

	public List<Map<String, Object>> costEntries(String runId) {
		return jdbc().sql("SELECT * FROM cost_entry WHERE run_id = ? ORDER BY id").param(runId).query().listOfRows();
	}

	/**
	 * Deletes the schedules a test left: tests share the database, and the serve of a
	 * later test would fire them.
	 */
	private void retireSchedules() {
		if (jdbc().sql("SELECT to_regclass('schedule') IS NOT NULL").query(Boolean.class).single()) {
			jdbc().sql("UPDATE schedule SET enabled = false, deleted_at = now() WHERE deleted_at IS NULL").update();
		}
	}

	@Override
	public void close() {
		// the applications work with the simulators and the schemas: they go first
		this.serves.forEach(ServeProcess::close);
		this.applications.forEach(ConfigurableApplicationContext::close);
		this.simulators.values().forEach(GatewaySimulator::close);
		deleteSchedules();
		this.schemas.forEach((schema) -> jdbc().sql("DROP SCHEMA " + schema + " CASCADE").update());
	}

}
