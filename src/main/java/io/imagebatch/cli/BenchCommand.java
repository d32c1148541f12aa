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

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.PromptImageRenderer;
import io.imagebatch.simulator.SimulatorProperties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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

		rate, concurrency, overhead, batch, all

	}

	@Option(names = "--scenario", defaultValue = "all",
			description = "rate, concurrency, overhead, batch or all (all but batch)")
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

	@Option(names = "--workers", defaultValue = "1",
			description = "processes working on each run: 'generate' here and N-1 'worker' JVMs beside it")
	int workers;

	@Option(names = "--image-size", defaultValue = "0",
			description = "pad every image to this many bytes (overhead scenario), e.g. 1500000; 0: small tiles")
	long imageSize;

	@Option(names = "--response-format", defaultValue = "b64_json", description = "url or b64_json (overhead scenario)")
	String responseFormat;

	@Option(names = "--batch-rows", defaultValue = "50000", description = "rows of the batch scenario")
	int batchRows;

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		Bench bench = new Bench(context, out, this.workers);
		if (this.scenario == Scenario.rate || this.scenario == Scenario.all) {
			bench.rate(this.rate, this.minutes, this.burst);
		}
		if (this.scenario == Scenario.concurrency || this.scenario == Scenario.all) {
			bench.concurrency(this.concurrency);
		}
		if (this.scenario == Scenario.overhead || this.scenario == Scenario.all) {
			bench.overhead(this.rows, this.imageSize, this.responseFormat);
		}
		if (this.scenario == Scenario.batch) {
			bench.batch(this.batchRows);
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

		private final int workers;

		Bench(ConfigurableApplicationContext context, PrintWriter out, int workers) throws IOException {
			this.context = context;
			this.workers = workers;
			this.jdbc = context.getBean(JdbcClient.class);
			this.catalog = context.getBean(ModelCatalog.class);
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
				String runId = generate(simulator, rows, "16", Map.of("requests-per-minute", Integer.toString(rate)),
						"b64_json");
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
				this.out.printf("    first to last request: %.1f s (±0.25 s, sampled); %d workers took items%n",
						(lastNanos - firstNanos) / 1e9, workersOf(runId));
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
						Map.of("max-concurrency", Integer.toString(concurrency)), "b64_json");
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
		 * (c) A zero-latency gateway: images a second end to end, and where the time went
		 * (load and generate steps, and the simulator's own rendering, which shares the
		 * two cores). With {@code imageSize}, every image is padded to that size: MB/s,
		 * the p99 from the gateway's answer to the stored object, and this process's peak
		 * heap. Database transactions per row are counted on the server, every worker
		 * included.
		 */
		void overhead(int rows, long imageSize, String responseFormat) {
			try (GatewaySimulator simulator = simulator((settings) -> (imageSize > 0)
					? settings.withPadImagesTo(org.springframework.util.unit.DataSize.ofBytes(imageSize)) : settings);
					ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
				long renderStarted = System.nanoTime();
				PromptImageRenderer renderer = new PromptImageRenderer();
				int renders = 200;
				for (int i = 0; i < renders; i++) {
					renderer.render(new PromptImageRenderer.Card("Tile number " + i, "dall-e-2", "256x256", "standard",
							0, 1, false));
				}
				double renderMillis = (System.nanoTime() - renderStarted) / 1e6 / renders;
				java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
				java.util.concurrent.atomic.AtomicLong peakHeap = new java.util.concurrent.atomic.AtomicLong();
				sampler.scheduleAtFixedRate(
						() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 50,
						TimeUnit.MILLISECONDS);
				long transactionsBefore = transactions();
				String runId = generate(simulator, rows, "16", Map.of(), responseFormat);
				long transactions = transactions() - transactionsBefore;
				sampler.shutdownNow();
				Map<String, Double> steps = stepSeconds(runId);
				double generateSeconds = steps.getOrDefault("generate", 0.0);
				double images = simulator.ledger().imagesGenerated();
				this.out.printf("(c) overhead, %d worker(s): %.0f images/s end to end (%d images in %.1f s of the "
						+ "generate step; load step %.1f s for %d rows); simulator rendering ≈ %.1f ms an image ≈ %.1f s "
						+ "of that on the same cores (run %s)%n", this.workers, images / generateSeconds, (long) images,
						generateSeconds, steps.getOrDefault("load", 0.0), rows, renderMillis,
						renderMillis * images / 1000, runId);
				this.out.printf("    database: %.1f transactions a row (every process, the load included); "
						+ "%d workers took items%n", (double) transactions / rows, workersOf(runId));
				if (imageSize > 0) {
					double bytes = this.jdbc.sql("""
							SELECT COALESCE(SUM(image.bytes), 0) FROM image JOIN item ON item.id = image.item_id
							WHERE item.run_id = ?""").param(runId).query(Long.class).single();
					this.out.printf(
							"    %s images of %.2f MB: %.1f MB/s stored; answer → stored object p50 %.0f ms, "
									+ "p99 %.0f ms; peak heap of this process %.0f MB (sampled every 50 ms)%n",
							responseFormat, imageSize / 1e6, bytes / 1e6 / generateSeconds, storedMillis(runId, 0.5),
							storedMillis(runId, 0.99), peakHeap.get() / 1e6);
				}
				this.out.flush();
			}
		}

		/**
		 * (d) Provider batch mode: the rows go to the simulator's Batch API as one file
		 * (or several at {@code max-lines}), and the results come back as a file streamed
		 * into S3 and the items. Where the time went (planning and writing the input,
		 * upload, the provider's own work, applying the results) and the heap: its peak,
		 * and the old generation after each collection (what stays live), sampled
		 * throughout.
		 */
		void batch(int rows) {
			try (GatewaySimulator simulator = simulator((settings) -> settings.withLedgerCapacity(1000));
					ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
				java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
				java.util.concurrent.atomic.AtomicLong peakHeap = new java.util.concurrent.atomic.AtomicLong();
				List<Long> liveAfterGc = java.util.Collections.synchronizedList(new ArrayList<>());
				sampler.scheduleAtFixedRate(() -> {
					peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					liveAfterGc.add(oldGenerationAfterLastCollection());
				}, 0, 200, TimeUnit.MILLISECONDS);
				long started = System.nanoTime();
				String runId = generate(simulator, rows, "16",
						Map.of("mode", "batch", "batch.poll-interval", "200ms", "batch.max-poll-interval", "1s"),
						"b64_json");
				double wall = (System.nanoTime() - started) / 1e9;
				sampler.shutdownNow();
				Map<String, Object> parts = this.jdbc.sql("""
						SELECT COUNT(*) AS parts, SUM(lines) AS lines, SUM(bytes) AS bytes,
							SUM(EXTRACT(EPOCH FROM upload_started_at - created_at)) AS planned,
							SUM(EXTRACT(EPOCH FROM uploaded_at - upload_started_at)) AS upload,
							SUM(EXTRACT(EPOCH FROM provider_ended_at - uploaded_at)) AS provider,
							SUM(EXTRACT(EPOCH FROM ended_at - provider_ended_at)) AS results
						FROM provider_batch WHERE run_id = ?""").param(runId).query().singleRow();
				Map<String, Double> steps = stepSeconds(runId);
				long stored = this.jdbc.sql("""
						SELECT COUNT(*) FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?""")
					.param(runId)
					.query(Long.class)
					.single();
				this.out.printf(
						"(d) batch mode: %d rows in %s part(s), %s lines, %.1f MB of input; load step %.1f s; "
								+ "planned and assigned up to the upload %.1f s; written and uploaded %.1f s; provider "
								+ "(simulator) %.1f s; results streamed into S3 and the items %.1f s → %.0f images/s; "
								+ "%d images stored; whole command %.1f s (run %s)%n",
						rows, parts.get("parts"), parts.get("lines"), ((Number) parts.get("bytes")).doubleValue() / 1e6,
						steps.getOrDefault("load", 0.0), number(parts.get("planned")), number(parts.get("upload")),
						number(parts.get("provider")), number(parts.get("results")),
						stored / Math.max(0.001, number(parts.get("results"))), stored, wall, runId);
				List<Long> live = List.copyOf(liveAfterGc).stream().filter((bytes) -> bytes > 0).distinct().toList();
				this.out.printf(
						"    heap: peak %.0f MB (sampled every 200 ms); old generation after collections: %s MB%n",
						peakHeap.get() / 1e6, live.stream().map((bytes) -> Long.toString(bytes / 1_000_000)).toList());
				this.out.flush();
			}
		}

		private static double number(Object value) {
			return (value instanceof Number number) ? number.doubleValue() : 0;
		}

		/** The old generation as the last collection of it left it: the live set. */
		private static long oldGenerationAfterLastCollection() {
			return java.lang.management.ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter((pool) -> pool.getName().contains("Old Gen") && pool.getCollectionUsage() != null)
				.mapToLong((pool) -> pool.getCollectionUsage().getUsed())
				.sum();
		}

		/** Transactions the database committed so far. */
		private long transactions() {
			return this.jdbc.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
				.query(Long.class)
				.single();
		}

		/**
		 * A percentile of the time from the gateway's answer (its cost entry) to the
		 * stored object.
		 */
		private double storedMillis(String runId, double percentile) {
			return this.jdbc
				.sql("""
						SELECT percentile_cont(?) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM image.stored_at - cost.created_at))
						FROM image JOIN item ON item.id = image.item_id
						JOIN cost_entry cost ON cost.item_id = item.id
						WHERE item.run_id = ?""")
				.params(percentile, runId)
				.query(Double.class)
				.single() * 1000;
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
				Map<String, String> gatewaySettings, String responseFormat) {
			Path csv = this.work.resolve("bench-" + System.nanoTime() + ".csv");
			CSVFormat format = CSVFormat.RFC4180.builder()
				.setHeader("id", "prompt", "model", "size", "response_format")
				.setRecordSeparator('\n')
				.get();
			try (CSVPrinter rowsOut = format.print(Files.newBufferedWriter(csv))) {
				for (int i = 1; i <= rows; i++) {
					rowsOut.printRecord("tile-" + i, "Tile number " + i, "dall-e-2", "256x256", responseFormat);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			List<String> properties = new ArrayList<>(
					List.of("--imagebatch.gateways.bench.base-url=" + simulator.baseUri() + "/v1",
							"--imagebatch.gateways.bench.api-key=" + this.key));
			gatewaySettings
				.forEach((name, value) -> properties.add("--imagebatch.gateways.bench." + name + "=" + value));
			Environment environment = this.context.getEnvironment();
			FORWARDED.stream()
				.filter(environment::containsProperty)
				.forEach((name) -> properties.add("--" + name + "=" + environment.getProperty(name)));
			List<String> args = new ArrayList<>(
					List.of("generate", csv.toString(), "--concurrency", concurrency, "--name", "bench"));
			args.addAll(properties);
			StringWriter output = new StringWriter();
			StringWriter errors = new StringWriter();
			int exit;
			try (WorkerProcesses others = WorkerProcesses.start(this.workers - 1, properties, this.work)) {
				// measured from when they are up: a JVM booting beside the run is not
				// overhead
				awaitWorkers(this.workers - 1);
				exit = Cli.run(new PrintWriter(output), new PrintWriter(errors), args.toArray(String[]::new));
			}
			Matcher runId = RUN_ID.matcher(errors.toString());
			if (exit != Cli.OK || !runId.find()) {
				throw new IllegalStateException("bench run failed (exit " + exit + "):\n" + errors + output);
			}
			return runId.group(1);
		}

		private void awaitWorkers(int count) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (count > 0 && this.jdbc.sql("""
					SELECT COUNT(*) FROM worker WHERE kind = 'worker' AND ended_at IS NULL
					AND beat_at > now() - interval '20 seconds'""").query(Long.class).single() < count) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the worker processes did not start; see " + this.work);
				}
				java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			}
		}

		/** How many workers took items of the run, to show the others really worked. */
		private long workersOf(String runId) {
			return this.jdbc.sql("SELECT COUNT(DISTINCT claimed_by) FROM item WHERE run_id = ?")
				.param(runId)
				.query(Long.class)
				.single();
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
