package io.imagebatch.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's timeline after real runs against the simulator over HTTP, on real PostgreSQL
 * and S3, sampled every 200 ms: its items add up to the run's, its calls in flight stay
 * within the run's concurrency, and a gateway's rate limit shows as waits. The
 * application context is booted here rather than through the command line, so that its
 * sampler keeps going after the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTimelineIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final int CONCURRENCY = 4;

	@TempDir
	static Path temp;

	private GatewayTestBed bed;

	private ConfigurableApplicationContext context;

	@BeforeAll
	void boot() {
		this.bed = new GatewayTestBed(temp, "timeline-tests");
		this.bed.gateway("sim", (settings) -> settings.withLatency(Duration.ofMillis(150), Duration.ofMillis(50)));
		// a rested key lets a few calls go at once, then one about every second
		this.bed.gateway("limited", (settings) -> settings);
		this.bed.property("imagebatch.gateways.limited.requests-per-minute", "60");
		this.bed.property("imagebatch.worker.sample-interval", "200ms");
		this.context = this.bed.application();
	}

	@AfterAll
	void close() {
		this.bed.close();
	}

	@Test
	void theTimelineAddsUpToTheRunsItemsWithinItsConcurrencyAndWithoutWaitsWhereNothingIsLimited()
			throws InterruptedException {
		// given: 40 rows, 4 of them rejected, four calls at a time of 100-200 ms each
		StringBuilder csv = new StringBuilder("id,prompt,model,size,response_format\n");
		for (int i = 1; i <= 40; i++) {
			csv.append("row-").append(i).append(",A timed kite number ").append(i);
			csv.append((i % 10 == 0) ? " #reject" : "").append(",dall-e-2,256x256,b64_json\n");
		}

		// when
		Run run = execute(csv.toString(), "sim");

		// then
		ItemCounts counts = reports().counts(run.id());
		assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(counts.succeeded()).isEqualTo(36);
		assertThat(counts.failed()).isEqualTo(4);
		List<RunTimeline.Point> points = settledTimeline(run.id(), counts);
		assertThat(points).extracting(RunTimeline.Point::inFlight)
			.allMatch((inFlight) -> inFlight <= CONCURRENCY)
			.anyMatch((inFlight) -> inFlight > 0);
		assertThat(points).allMatch((point) -> point.rateLimitWaits() == 0 && point.rateLimitWaitMs() == 0);
		assertThat(points.size()).isLessThanOrEqualTo(120);
	}

	@Test
	void aGatewaysRateLimitShowsAsWaitsInTheTimeline() throws InterruptedException {
		// given: eight calls on a key limited to a call a second
		StringBuilder csv = new StringBuilder("id,prompt,model,size,response_format\n");
		for (int i = 1; i <= 8; i++) {
			csv.append("row-").append(i).append(",A paced kite number ").append(i).append(",dall-e-2,256x256,url\n");
		}

		// when
		Run run = execute(csv.toString(), "limited");

		// then
		ItemCounts counts = reports().counts(run.id());
		assertThat(counts.succeeded()).isEqualTo(8);
		List<RunTimeline.Point> points = settledTimeline(run.id(), counts);
		assertThat(points.stream().mapToLong(RunTimeline.Point::rateLimitWaits).sum()).as("waits")
			.isPositive()
			.isLessThanOrEqualTo(8);
		assertThat(points.stream().mapToLong(RunTimeline.Point::rateLimitWaitMs).sum()).as("time waited")
			.isGreaterThanOrEqualTo(1000);
	}

	private Run execute(String csv, String gateway) throws InterruptedException {
		Runs runs = this.context.getBean(Runs.class);
		Run run = runs.create(new RunRequest(this.bed.csv(csv).toString(), "timeline", gateway, RowDefaults.NONE, null,
				CONCURRENCY, null));
		return runs.execute(run.id());
	}

	/**
	 * The run's timeline once the samples of its last calls are written: within a sample
	 * interval of its end.
	 */
	private List<RunTimeline.Point> settledTimeline(String runId, ItemCounts counts) {
		AtomicReference<List<RunTimeline.Point>> read = new AtomicReference<>(List.of());
		Polling.until(PATIENCE, () -> {
			read.set(reports().timeline(runId).points());
			return sum(read.get(), RunTimeline.Point::succeeded) == counts.succeeded()
					&& sum(read.get(), RunTimeline.Point::failed) == counts.failed();
		}, () -> "a timeline adding up to " + counts + ", not " + read.get());
		return read.get();
	}

	private static long sum(List<RunTimeline.Point> points, ToLongFunction<RunTimeline.Point> of) {
		return points.stream().mapToLong(of).sum();
	}

	private RunReports reports() {
		return this.context.getBean(RunReports.class);
	}

}
