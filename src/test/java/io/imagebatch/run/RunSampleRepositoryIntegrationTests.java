package io.imagebatch.run;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.imagebatch.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The samples workers write and a run's timeline bucketed from them, on the real
 * database: the width of the buckets, what adds up and what is each worker's highest, the
 * gaps, and the runs without any sample.
 */
class RunSampleRepositoryIntegrationTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);

	private static DataSource dataSource;

	private final JdbcClient jdbc = JdbcClient.create(dataSource);

	private final RunSampleRepository samples = new RunSampleRepository(this.jdbc,
			new NamedParameterJdbcTemplate(dataSource));

	@BeforeAll
	static void migrate() {
		dataSource = TestInfrastructure.get().dataSource();
		// as the application does at start-up
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
	}

	@Test
	void aRunWithoutSamplesHasNoPoints() {
		// given: a run that has not started
		String runId = aRun(null, null);

		// when
		RunTimeline timeline = this.samples.timeline(runId, START, SAMPLE_INTERVAL);

		// then
		assertThat(timeline.points()).isEmpty();
		assertThat(timeline.bucket()).isEqualTo(SAMPLE_INTERVAL);
	}

	@Test
	void aSingleSampleAtTheStartIsOnePointOfTheSampleIntervalsWidth() {
		// given
		String runId = aRun(START, null);
		this.samples.insert("worker-a", START, Map.of(runId, new RunTally.Counts(3, 1, 4, 2, Duration.ofMillis(1500))));

		// when
		RunTimeline timeline = this.samples.timeline(runId, START, SAMPLE_INTERVAL);

		// then
		assertThat(timeline.bucket()).isEqualTo(SAMPLE_INTERVAL);
		assertThat(timeline.points()).containsExactly(new RunTimeline.Point(START, 3, 1, 4, 2, 1500));
	}

	@Test
	void anHourLongRunIs120PointsThatAddUpItsWorkersAndTakeEachOnesHighestInFlight() {
		// given: two workers sampling every 10 s for an hour; one has 3 or 5 calls in
		// flight in turn, the other 2
		String runId = aRun(START, START.plus(Duration.ofHours(1)));
		for (int i = 1; i <= 360; i++) {
			Instant at = START.plusSeconds(10L * i);
			this.samples.insert("worker-a", at,
					Map.of(runId, new RunTally.Counts(1, 0, (i % 2 == 0) ? 5 : 3, 1, Duration.ofMillis(100))));
			this.samples.insert("worker-b", at, Map.of(runId, new RunTally.Counts(0, 1, 2, 0, Duration.ZERO)));
		}

		// when
		RunTimeline timeline = this.samples.timeline(runId, START.plus(Duration.ofDays(1)), SAMPLE_INTERVAL);

		// then: 30 s buckets, the last one holding the sample at the very end
		assertThat(timeline.bucket()).isEqualTo(Duration.ofSeconds(30));
		assertThat(timeline.points()).hasSize(120);
		assertThat(timeline.points().getFirst().at()).isEqualTo(START);
		assertThat(timeline.points().getLast().at()).isEqualTo(START.plusSeconds(119 * 30));
		assertThat(timeline.points()).extracting(RunTimeline.Point::inFlight).containsOnly(7L);
		assertThat(timeline.points().stream().mapToLong(RunTimeline.Point::succeeded).sum()).isEqualTo(360);
		assertThat(timeline.points().stream().mapToLong(RunTimeline.Point::failed).sum()).isEqualTo(360);
		assertThat(timeline.points().stream().mapToLong(RunTimeline.Point::rateLimitWaitMs).sum()).isEqualTo(36_000);
		assertThat(timeline.points().get(1)).extracting(RunTimeline.Point::succeeded, RunTimeline.Point::failed)
			.containsExactly(3L, 3L);
	}

	@Test
	void bucketsWithoutASampleAreZero() {
		// given: a run still going, with samples only in its first and fourth 10 s
		String runId = aRun(START, null);
		this.samples.insert("worker-a", START.plusSeconds(5),
				Map.of(runId, new RunTally.Counts(2, 0, 1, 0, Duration.ZERO)));
		this.samples.insert("worker-a", START.plusSeconds(35),
				Map.of(runId, new RunTally.Counts(1, 0, 1, 0, Duration.ZERO)));

		// when
		RunTimeline timeline = this.samples.timeline(runId, START.plusSeconds(40), SAMPLE_INTERVAL);

		// then
		assertThat(timeline.points())
			.extracting(RunTimeline.Point::at, RunTimeline.Point::succeeded, RunTimeline.Point::inFlight)
			.containsExactly(tuple(START, 2L, 1L), tuple(START.plusSeconds(10), 0L, 0L),
					tuple(START.plusSeconds(20), 0L, 0L), tuple(START.plusSeconds(30), 1L, 1L));
	}

	@Test
	void onlyTheSamplesOfRunsEndedBeforeTheRetentionAreDeleted() {
		// given
		Instant longAgo = Instant.parse("2000-01-01T00:00:00Z");
		String old = aRun(longAgo, longAgo.plusSeconds(60));
		String recent = aRun(START, START.plusSeconds(60));
		String running = aRun(longAgo, null);
		for (String runId : new String[] { old, recent, running }) {
			this.samples.insert("worker-a", longAgo.plusSeconds(30),
					Map.of(runId, new RunTally.Counts(1, 0, 0, 0, Duration.ZERO)));
		}

		// when
		int deleted = this.samples.deleteOfRunsEndedBefore(START.minus(Duration.ofDays(30)));

		// then
		assertThat(deleted).isGreaterThanOrEqualTo(1);
		assertThat(sampleCount(old)).isZero();
		assertThat(sampleCount(recent)).isOne();
		assertThat(sampleCount(running)).isOne();
	}

	private String aRun(@Nullable Instant startedAt, @Nullable Instant endedAt) {
		String id = "samples-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		this.jdbc.sql("""
				INSERT INTO run (id, source, origin_source, gateway, status, concurrency, created_at, started_at,
					ended_at)
				VALUES (:id, 'test.csv', 'test.csv', 'sim', :status, 4, :createdAt, :startedAt, :endedAt)
				""")
			.param("id", id)
			.param("status", (startedAt == null) ? "QUEUED" : (endedAt == null) ? "RUNNING" : "COMPLETED")
			.param("createdAt", Timestamp.from((startedAt != null) ? startedAt : START))
			.param("startedAt", (startedAt != null) ? Timestamp.from(startedAt) : null)
			.param("endedAt", (endedAt != null) ? Timestamp.from(endedAt) : null)
			.update();
		return id;
	}

	private long sampleCount(String runId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM run_sample WHERE run_id = ?")
			.param(runId)
			.query(Long.class)
			.single();
	}

}
