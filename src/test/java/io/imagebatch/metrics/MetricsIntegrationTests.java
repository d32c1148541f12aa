package io.imagebatch.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import io.imagebatch.cost.CostLine;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of DESIGN §2.7 after a real run against the simulator over HTTP, with a
 * prompt it rejects and 429s it throws in: they agree with the run's report, the cost
 * ledger and what the gateway saw, and Prometheus shows them by the names the design
 * gives. The application context is booted here rather than through the command line,
 * which closes it before its meters can be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIntegrationTests {

	private static final int ROWS = 12;

	@TempDir
	static Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

	private ConfigurableApplicationContext context;

	private Run run;

	private RunReport report;

	@BeforeAll
	void runOnceWithARejectedPromptAnd429s() throws InterruptedException {
		this.bed = new GatewayTestBed(temp, "metrics-tests");
		// every fourth call answered 429 (seeded, so some surely are), and the gateway's
		// limit headers on every answer
		this.gateway = this.bed.gateway("metered",
				(settings) -> settings.withRequestsPerMinute(60_000)
					.withThrottling(0.25, Duration.ofMillis(20))
					.withSeed(11L));
		StringBuilder csv = new StringBuilder("id,prompt,model,size,quality,response_format\n");
		for (int i = 1; i <= ROWS; i++) {
			csv.append("row-").append(i).append(",A metered kite number ").append(i);
			csv.append((i % 3 == 0) ? ",dall-e-3,1024x1024,hd,b64_json\n" : ",dall-e-2,256x256,,url\n");
		}
		csv.append("refused-row,A metered kite #reject,dall-e-2,256x256,,b64_json\n");
		this.context = this.bed.application("--spring.config.import=classpath:imagebatch-metrics.yml");
		Runs runs = this.context.getBean(Runs.class);
		this.run = runs.create(new RunRequest(this.bed.csv(csv.toString()).toString(), "metered", "metered",
				RowDefaults.NONE, null, 4, null));
		runs.execute(this.run.id());
		this.report = this.context.getBean(RunReports.class).report(this.run.id());
	}

	@AfterAll
	void close() {
		this.bed.close();
	}

	@Test
	void theRunEndedAsTheFaultsWant() {
		assertThat(this.report.run().status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(this.report.items().succeeded()).isEqualTo(ROWS);
		assertThat(this.report.failuresByType()).containsExactly(java.util.Map.entry(ErrorType.REJECTED, 1L));
		assertThat(this.gateway.ledger().rateLimited()).as("429s thrown in").isPositive();
	}

	@Test
	void imagesCountedAreTheImagesStored() {
		assertThat(sum(registry().find(MeterNames.IMAGES).counters())).isEqualTo(this.report.images());
		for (CostLine line : this.report.costByModel()) {
			assertThat(registry().get(MeterNames.IMAGES)
				.tags(MeterNames.GATEWAY, "metered", MeterNames.MODEL, line.model(), MeterNames.SIZE, line.size(),
						MeterNames.QUALITY, line.quality())
				.counter()
				.count()).as(line.toString()).isEqualTo(line.images());
		}
		assertThat(registry().get(MeterNames.STORE_TIME).timer().count()).isEqualTo(this.report.images());
	}

	@Test
	void costCountedIsWhatTheLedgerRecorded() {
		assertThat(usd(sum(registry().find(MeterNames.COST).counters()))).isEqualTo(this.report.costUsd());
		for (CostLine line : this.report.costByModel()) {
			assertThat(usd(registry().get(MeterNames.COST)
				.tags(MeterNames.MODEL, line.model(), MeterNames.SIZE, line.size(), MeterNames.QUALITY, line.quality())
				.counter()
				.count())).as(line.toString()).isEqualTo(line.usd());
		}
	}

	@Test
	void callsAreCountedByOutcomeAsTheItemsAndTheGatewaySawThem() {
		assertThat(calls("succeeded")).isEqualTo(this.report.items().succeeded());
		assertThat(calls("rejected")).isEqualTo(this.report.failuresByType().get(ErrorType.REJECTED));
		assertThat(calls("rate_limited")).isEqualTo(this.gateway.ledger().rateLimited());
		assertThat(registry().get(MeterNames.GATEWAY_429).functionCounter().count())
			.isEqualTo(this.gateway.ledger().rateLimited());
		assertThat(sum(registry().find(MeterNames.CALLS).counters())).isEqualTo(this.gateway.ledger().requests());
		assertThat(registry().find(MeterNames.CALL_TIME).timers().stream().mapToLong(Timer::count).sum())
			.isEqualTo(this.gateway.ledger().requests());
	}

	@Test
	void theGatewaysOwnCountsAreShown() {
		assertThat(registry().get(MeterNames.CALLS_IN_FLIGHT).gauge().value()).isZero();
		assertThat(registry().get(MeterNames.GATEWAY_REMAINING_REQUESTS).gauge().value()).isBetween(0.0, 60_000.0);
		assertThat(registry().get(MeterNames.RATE_LIMIT_WAIT).functionCounter().count()).as("seconds waited after 429s")
			.isPositive();
	}

	@Test
	void itemsAndRunsByStatusAreReadFromTheDatabase() {
		Polling.until(Duration.ofSeconds(20),
				() -> status(MeterNames.ITEMS, "SUCCEEDED") == countInDatabase("item", "SUCCEEDED")
						&& status(MeterNames.RUNS, "COMPLETED") == countInDatabase("run", "COMPLETED"),
				() -> "the gauges to show the database's counts; they show " + registry().find(MeterNames.ITEMS)
					.gauges()
					.stream()
					.map((gauge) -> gauge.getId().getTag(MeterNames.STATUS) + "=" + gauge.value())
					.toList());
		assertThat(status(MeterNames.ITEMS, "FAILED")).isPositive();
	}

	@Test
	void noTagNamesARunAnItemOrAPrompt() {
		List<String> values = registry().getMeters()
			.stream()
			.flatMap((meter) -> meter.getId().getTags().stream())
			.map(Tag::getValue)
			.toList();
		assertThat(values).isNotEmpty()
			.noneMatch((value) -> value.contains(this.run.id()))
			.noneMatch((value) -> value.endsWith("row") || value.startsWith("row-"))
			.noneMatch((value) -> value.contains("kite"));
	}

	@Test
	void prometheusShowsTheNamesOfTheDesign() {
		String scrape = this.context.getBean(PrometheusMeterRegistry.class).scrape();
		assertThat(List.of("imagebatch_images_total", "imagebatch_cost_usd_total", "imagebatch_calls_total",
				"imagebatch_call_seconds_bucket", "imagebatch_call_seconds_count", "imagebatch_calls_in_flight",
				"imagebatch_rate_limit_wait_seconds_total", "imagebatch_gateway_429_total",
				"imagebatch_gateway_remaining_requests", "imagebatch_store_seconds_bucket", "imagebatch_items",
				"imagebatch_runs"))
			.allSatisfy((name) -> assertThat(scrape).containsPattern(Pattern.compile("(?m)^" + name + "\\{")));
		assertThat(scrape).contains("outcome=\"rate_limited\"")
			.contains("outcome=\"rejected\"")
			.contains("application=\"imagebatch\"");
	}

	@Test
	void readinessWaitsForTheDatabaseAndLivenessForNothingElse() {
		HealthEndpointGroups groups = this.context.getBean(HealthEndpointGroups.class);
		assertThat(groups.get("readiness").isMember("db")).isTrue();
		assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
		assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
		assertThat(groups.get("liveness").isMember("db")).isFalse();
		HealthEndpoint health = this.context.getBean(HealthEndpoint.class);
		assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
		assertThat(this.context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,prometheus,info,metrics");
	}

	private MeterRegistry registry() {
		return this.context.getBean(MeterRegistry.class);
	}

	private long calls(String outcome) {
		return (long) sum(registry().find(MeterNames.CALLS).tag(MeterNames.OUTCOME, outcome).counters());
	}

	private double status(String name, String status) {
		Gauge gauge = registry().find(name).tag(MeterNames.STATUS, status).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

	private long countInDatabase(String table, String status) {
		return this.bed.jdbc()
			.sql("SELECT COUNT(*) FROM " + table + " WHERE status = ?")
			.param(status)
			.query(Long.class)
			.single();
	}

	private static double sum(Collection<Counter> counters) {
		return counters.stream().mapToDouble(Counter::count).sum();
	}

	private static BigDecimal usd(double amount) {
		return BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_UP);
	}

}
