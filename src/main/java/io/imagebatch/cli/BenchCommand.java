package io.imagebatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagebatch.gateway.GatewayProperties;
import io.imagebatch.gateway.ModelCatalog;
import io.imagebatch.gateway.simulator.GatewaySimulator;
import io.imagebatch.gateway.simulator.PromptImageRenderer;
import io.imagebatch.gateway.simulator.SimulatorProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench}: the real pipeline against the simulator, printing figures (never
 * asserting them): rate-limit utilisation, concurrency utilisation and overhead. Each
 * scenario runs {@code generate} through the same entry point as a user would, with a
 * simulator of its own configured as the gateway, then reads its figures from the
 * database and from the simulator's ledger.
 */
@Command(name = "bench", description = "Measure rate-limit use, concurrency use and overhead against the simulator.")
class BenchCommand implements Cli.ApplicationCommand {

	private static final Pattern RUN_ID = Pattern.compile("^Run (\\S+):", Pattern.MULTILINE);

	private static final List<String> FORWARDED = List.of("spring.datasource.url", "spring.datasource.username",
			"spring.datasource.password", "imagebatch.data-dir", "imagebatch.storage.bucket",
			"imagebatch.storage.endpoint", "imagebatch.storage.region", "imagebatch.storage.path-style",
			"imagebatch.rate-limit.shared");

	enum Scenario {

		rate, concurrency, overhead, all

	}

	@Option(names = "--scenario", defaultValue = "all", description = "rate, concurrency, overhead or all")
	Scenario scenario;

	@Option(names = "--rate", defaultValue = "120", description = "the gateway's requests/min (rate scenario)")
	int rate;

	@Option(names = "--minutes", defaultValue = "3", description = "steady-state minutes of the rate scenario")
	double minutes;

	@Option(names = "--burst", defaultValue = "0",
			description = "the gateway's burst (rate scenario); 0: as large as ours, -1: a full minute, the simulator's default")
	int burst;

	@Option(names = "--concurrency", defaultValue = "32", description = "calls in flight (concurrency scenario)")
	int concurrency;

	@Option(names = "--rows", defaultValue = "2000", description = "rows of the overhead scenario")
	int rows;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		Bench bench = new Bench(context, out);
		if (this.scenario == Scenario.rate || this.scenario == Scenario.all) {
			bench.rate(this.rate, this.minutes, this.burst);
		}
		if (this.scenario == Scenario.concurrency || this.scenario == Scenario.all) {
			bench.concurrency(this.concurrency);
		}
		if (this.scenario == Scenario.overhead || this.scenario == Scenario.all) {
			bench.overhead(this.rows);
		}
		return Cli.OK;
	}

	/** One bench session: shared database, a simulator per scenario. */
	private static final class Bench {

		private final ConfigurableApplicationContext context;

		private final JdbcClient jdbc;

		private final ModelCatalog catalog;

		private final PrintWriter out;

		private final Path work;

		private final String key = "sk-bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

		Bench(ConfigurableApplicationContext context, PrintWriter out) throws IOException {
			this.context = context;
			this.jdbc = context.getBean(JdbcClient.class);
			this.catalog = new ModelCatalog(context.getBean(GatewayProperties.class).models());
			this.out = out;
			this.work = Files.createTempDirectory("imagebatch-bench");
		}

		/**
		 * (a) A gateway limited to {@code rate} requests a minute, with a burst no larger
		 * than ours, and imagebatch told the limit: achieved requests a minute in the
		 * steady state after the first 30 seconds, the time from the first request to the
		 * last, and 429s provoked.
		 */
		void rate(int rate, double minutes, int gatewayBurst) {
			int rows = (int) Math.ceil(rate * (minutes + 0.75));
			int burst = switch (gatewayBurst) {
				case 0 -> Math.max(Math.min(rate, 10), (rate + 5) / 6);
				case -1 -> rate;
				default -> gatewayBurst;
			};
			try (GatewaySimulator simulator = simulator((settings) -> settings.withRequestsPerMinute(rate)
				.withRateLimitBurst(burst)
				.withLatency(Duration.ofMillis(100), Duration.ofMillis(100)));
					ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
				// the gateway's own view: requests it received, sampled over time
				List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
				sampler.scheduleAtFixedRate(
						() -> samples.add(new long[] { System.nanoTime(), simulator.ledger().requests() }), 0, 250,
						TimeUnit.MILLISECONDS);
				String runId = generate(simulator, rows, "16", Map.of("requests-per-minute", Integer.toString(rate)));
				sampler.shutdownNow();
				List<long[]> seen = List.copyOf(samples);
				long firstNanos = seen.stream().filter((sample) -> sample[1] > 0).findFirst().orElseThrow()[0];
				long[] start = seen.stream()
					.filter((sample) -> sample[0] >= firstNanos + TimeUnit.SECONDS.toNanos(30))
					.findFirst()
					.orElseThrow();
				long[] end = seen.stream().filter((sample) -> sample[1] >= rows).findFirst().orElse(seen.getLast());
				double windowMinutes = (end[0] - start[0]) / 60e9;
				double perMinute = (end[1] - start[1]) / windowMinutes;
				this.out.printf("(a) rate-limit utilisation: %.1f requests/min received by the gateway over %.1f min "
						+ "of steady state at a limit of %d/min → %.3f; 429s provoked: %d (run %s, %d rows, burst %d)%n",
						perMinute, windowMinutes, rate, perMinute / rate, simulator.ledger().rateLimited(), runId, rows,
						burst);
				long lastNanos = seen.stream()
					.filter((sample) -> sample[1] >= rows)
					.findFirst()
					.orElse(seen.getLast())[0];
				this.out.printf("    first to last request: %.1f s (±0.25 s, sampled)%n",
						(lastNanos - firstNanos) / 1e9);
				this.out.flush();
			}
		}

		/**
		 * (b) Latency uniform in 1–10 s and no binding limit: mean calls in flight at the
		 * gateway, sampled every 100 ms while every slot could be busy (from the moment
		 * {@code concurrency} calls had started until the last row's call started).
		 */
		void concurrency(int concurrency) {
			int rows = concurrency * 20;
			try (GatewaySimulator simulator = simulator(
					(settings) -> settings.withLatency(Duration.ofSeconds(1), Duration.ofSeconds(9)));
					ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
				List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
				sampler.scheduleAtFixedRate(() -> {
					long started = simulator.ledger().requests();
					if (started >= concurrency && started < rows) {
						samples.add(simulator.ledger().inFlight());
					}
				}, 100, 100, TimeUnit.MILLISECONDS);
				String runId = generate(simulator, rows, Integer.toString(concurrency),
						Map.of("max-concurrency", Integer.toString(concurrency)));
				sampler.shutdownNow();
				double mean = samples.stream().mapToLong(Long::longValue).average().orElse(0);
				this.out.printf(
						"(b) concurrency utilisation: mean %.2f calls in flight of %d configured → %.3f "
								+ "(%d samples; peak %d; run %s, %d rows, latency 1–10 s)%n",
						mean, concurrency, mean / concurrency, samples.size(), simulator.ledger().peakInFlight(), runId,
						rows);
				this.out.flush();
			}
		}

		/**
		 * (c) A zero-latency gateway and small images: images a second end to end, and
		 * where the time went (load and generate steps, and the simulator's own
		 * rendering, which shares the two cores).
		 */
		void overhead(int rows) {
			try (GatewaySimulator simulator = simulator((settings) -> settings)) {
				long renderStarted = System.nanoTime();
				PromptImageRenderer renderer = new PromptImageRenderer();
				int renders = 200;
				for (int i = 0; i < renders; i++) {
					renderer.render(new PromptImageRenderer.Card("Tile number " + i, "dall-e-2", "256x256", "standard",
							0, 1, false));
				}
				double renderMillis = (System.nanoTime() - renderStarted) / 1e6 / renders;
				String runId = generate(simulator, rows, "16", Map.of());
				Map<String, Double> steps = stepSeconds(runId);
				double generateSeconds = steps.getOrDefault("generate", 0.0);
				double images = simulator.ledger().imagesGenerated();
				this.out.printf("(c) overhead: %.0f images/s end to end (%d images in %.1f s of the generate step; "
						+ "load step %.1f s for %d rows); simulator rendering ≈ %.1f ms an image ≈ %.1f s of that "
						+ "on the same cores (run %s)%n", images / generateSeconds, (long) images, generateSeconds,
						steps.getOrDefault("load", 0.0), rows, renderMillis, renderMillis * images / 1000, runId);
				this.out.flush();
			}
		}

		private GatewaySimulator simulator(UnaryOperator<SimulatorProperties> settings) {
			GatewaySimulator simulator = new GatewaySimulator(
					settings.apply(SimulatorProperties.defaults().withApiKeys(List.of(this.key))), this.catalog,
					Clock.systemUTC());
			simulator.start(0);
			return simulator;
		}

		/**
		 * Runs {@code generate} through the command line against the simulator; returns
		 * the run id.
		 */
		private String generate(GatewaySimulator simulator, int rows, String concurrency,
				Map<String, String> gatewaySettings) {
			Path csv = this.work.resolve("bench-" + System.nanoTime() + ".csv");
			StringBuilder content = new StringBuilder("id,prompt,model,size,response_format\n");
			for (int i = 1; i <= rows; i++) {
				content.append("tile-")
					.append(i)
					.append(",Tile number ")
					.append(i)
					.append(",dall-e-2,256x256,b64_json\n");
			}
			try {
				Files.writeString(csv, content);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			List<String> args = new ArrayList<>(List.of("generate", csv.toString(), "--concurrency", concurrency,
					"--name", "bench", "--imagebatch.gateways.bench.base-url=" + simulator.baseUri() + "/v1",
					"--imagebatch.gateways.bench.api-key=" + this.key));
			gatewaySettings.forEach((name, value) -> args.add("--imagebatch.gateways.bench." + name + "=" + value));
			Environment environment = this.context.getEnvironment();
			FORWARDED.stream()
				.filter(environment::containsProperty)
				.forEach((name) -> args.add("--" + name + "=" + environment.getProperty(name)));
			StringWriter output = new StringWriter();
			StringWriter errors = new StringWriter();
			int exit = Cli.run(new PrintWriter(output), new PrintWriter(errors), args.toArray(String[]::new));
			Matcher runId = RUN_ID.matcher(errors.toString());
			if (exit != Cli.OK || !runId.find()) {
				throw new IllegalStateException("bench run failed (exit " + exit + "):\n" + errors + output);
			}
			return runId.group(1);
		}

		private Map<String, Double> stepSeconds(String runId) {
			Map<String, Double> seconds = new java.util.HashMap<>();
			this.jdbc.sql("""
					SELECT s.step_name, EXTRACT(EPOCH FROM (s.end_time - s.start_time)) FROM batch_step_execution s
					JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
					WHERE p.parameter_name = 'run' AND p.parameter_value = ?""")
				.param(runId)
				.query((rs, row) -> seconds.merge(rs.getString(1), rs.getDouble(2), Double::sum))
				.list();
			return seconds;
		}

	}

}
