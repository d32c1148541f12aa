package io.imagebatch.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.Runs;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.schedule.Schedules;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana board's queries ask only for metrics the application really exports: every
 * metric name in every PromQL expression is found in a scrape of a context that executed
 * a run with 429s and a rejected item.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardTests {

	/** The one copy of the board: the chart ships it, compose's Grafana provisions it. */
	static final Path BOARD = HelmChartTests.CHART.resolve("dashboards/imagebatch.json");

	private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");

	private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"");

	private static final Pattern GROUPINGS = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset", "inf", "nan");

	@TempDir
	static Path temp;

	private GatewayTestBed bed;

	private String scrape;

	@BeforeAll
	void scrapeAfterARunWithA429AndARejectedItem() throws InterruptedException {
		this.bed = new GatewayTestBed(temp, "grafana-tests");
		this.bed.gateway("metered",
				(settings) -> settings.withRequestsPerMinute(60_000)
					.withThrottling(0.25, Duration.ofMillis(20))
					.withSeed(11L));
		ConfigurableApplicationContext context = this.bed
			.application("--spring.config.import=classpath:imagebatch-metrics.yml");
		StringBuilder csv = new StringBuilder("id,prompt,model,size\n");
		for (int i = 1; i <= 8; i++) {
			csv.append("row-").append(i).append(",A charted kite number ").append(i).append(",dall-e-2,256x256\n");
		}
		csv.append("refused-row,A charted kite #reject,dall-e-2,256x256\n");
		Runs runs = context.getBean(Runs.class);
		Run run = runs.create(new RunRequest(this.bed.csv(csv.toString()).toString(), "metered", "metered",
				RowDefaults.NONE, null, 4, null));
		runs.execute(run.id());
		context.getBean(Schedules.class)
			.create(new ScheduleSpec("charted", "@daily", "UTC", new RunRequest(this.bed.csv(csv.toString()).toString(),
					null, "metered", RowDefaults.NONE, null, null, null), true, Overlap.SKIP, Misfire.SKIP, null,
					null));
		PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
		// the gauges read from the database show up once a scrape has started their read
		Polling.until(Duration.ofSeconds(20),
				() -> registry.scrape().contains("imagebatch_schedule_spend_usd{")
						&& registry.scrape().contains("imagebatch_items{"),
				() -> "the gauges read from the database in a scrape");
		this.scrape = registry.scrape();
	}

	@AfterAll
	void close() {
		this.bed.close();
	}

	@Test
	void everyQueryAsksForMetricsTheApplicationExports() throws IOException {
		Set<String> names = new LinkedHashSet<>();
		expressions().forEach((expression) -> names.addAll(metricNames(expression)));
		assertThat(names).contains("imagebatch_images_total", "imagebatch_cost_usd_total",
				"imagebatch_gateway_429_total", "imagebatch_rate_limit_wait_seconds_total",
				"imagebatch_calls_in_flight", "imagebatch_store_seconds_bucket", "imagebatch_items",
				"imagebatch_schedule_spend_usd");
		assertThat(names).allSatisfy((name) -> assertThat(this.scrape).as("a sample of %s in the scrape", name)
			.containsPattern(Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")));
	}

	@Test
	void theBoardCoversTheOperatorsQuestions() throws IOException {
		List<String> titles = JsonMapper.builder()
			.build()
			.readTree(Files.readString(BOARD))
			.get("panels")
			.valueStream()
			.map((panel) -> panel.get("title").asString())
			.toList();
		assertThat(titles).contains("Images per minute by model", "Cost per hour by model (USD)",
				"429 answers per minute by gateway", "Rate-limit waits by gateway (seconds waited per second)",
				"Calls in flight by gateway", "p99 gateway response to object stored", "Items by status",
				"Schedule spend by schedule (USD, today and this month in its zone)");
	}

	@Test
	void metricNamesAreReadOutOfPromQl() {
		assertThat(metricNames("histogram_quantile(0.99, sum by (le, gateway) "
				+ "(rate(imagebatch_call_seconds_bucket{gateway=~\"a|b\"}[$__rate_interval]))) * 60"))
			.containsExactly("imagebatch_call_seconds_bucket");
		assertThat(metricNames("max by (status) (imagebatch_items) / ignoring(x) no_such_metric offset 5m"))
			.containsExactly("imagebatch_items", "no_such_metric");
	}

	private static List<String> expressions() throws IOException {
		JsonNode board = JsonMapper.builder().build().readTree(Files.readString(BOARD));
		List<String> expressions = board.findValues("expr").stream().map(JsonNode::asString).toList();
		assertThat(expressions).isNotEmpty();
		return expressions;
	}

	/**
	 * The metric names a PromQL expression reads: no functions, labels, numbers or
	 * keywords.
	 */
	static Set<String> metricNames(String expression) {
		String bare = STRINGS.matcher(expression).replaceAll("");
		bare = LABEL_MATCHERS.matcher(bare).replaceAll("");
		bare = RANGES.matcher(bare).replaceAll("");
		bare = GROUPINGS.matcher(bare).replaceAll("");
		bare = bare.replaceAll("\\boffset\\s+\\w+", "");
		Set<String> names = new LinkedHashSet<>();
		Matcher identifiers = IDENTIFIER.matcher(bare);
		while (identifiers.find()) {
			String identifier = identifiers.group();
			if (!KEYWORDS.contains(identifier.toLowerCase())) {
				names.add(identifier);
			}
		}
		return names;
	}

}
