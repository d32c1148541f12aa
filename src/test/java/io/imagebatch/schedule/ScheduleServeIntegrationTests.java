package io.imagebatch.schedule;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.imagebatch.testsupport.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules fired by two {@code serve} processes on one database, in real time: every
 * fire time gets exactly one run, whichever process claims it, even when one of them is
 * killed while firing; pausing stops new firings; overlap SKIP holds while a slow gateway
 * keeps the previous run going.
 */
class ScheduleServeIntegrationTests {

	@TempDir
	static Path temp;

	private static GatewayTestBed bed;

	private static ServeProcess first;

	private static ServeProcess second;

	private static Schedules schedules;

	@BeforeAll
	static void serves() {
		bed = new GatewayTestBed(temp, "schedule-serves");
		bed.gateway("sim", (settings) -> settings);
		bed.gateway("slow", (settings) -> settings.withLatency(Duration.ofSeconds(5), Duration.ZERO));
		bed.property("imagebatch.default-gateway", "sim");
		bed.user("ops", "ops-password-1234", "OPERATOR");
		// processes look often, so that they contend for the same firings
		bed.property("imagebatch.schedules.poll-interval", "200ms");
		first = bed.serve();
		second = bed.serve();
		// the schedules are created through the product's API in this JVM, on the same
		// database
		schedules = bed.application().getBean(Schedules.class);
	}

	@AfterAll
	static void close() {
		if (bed != null) {
			bed.close();
		}
	}

	@Test
	void twoServesFireEveryFiveSecondsForFortySecondsWithExactlyOneRunPerFireTime() {
		Path csv = bed.csv("id,prompt,model,size\n1,a lighthouse at dusk,dall-e-2,256x256\n");
		Schedule schedule = schedules.create(new ScheduleSpec("every-5s", "*/5 * * * * *", "UTC",
				new RunRequest(csv.toString(), null, null, RowDefaults.NONE, null, null, null), true, Overlap.QUEUE,
				Misfire.SKIP, null, null));
		Instant start = schedule.createdAt();
		Polling.until(Duration.ofSeconds(30), () -> firings(schedule).size() >= 4, () -> "four firings");
		// the process holding a firing may be the one killed: the other fires what it
		// left
		second.process().kill();
		// 40 s of firings: the ninth fire time is 40 s after the first
		Polling.until(Duration.ofSeconds(80), () -> firings(schedule).size() >= 9, () -> "nine firings");
		schedules.pause("every-5s");
		Instant paused = Instant.now();
		int firedBeforePause = firings(schedule).size();
		// two fire times pass while paused
		Polling.until(Duration.ofSeconds(20), () -> Instant.now().isAfter(paused.plusSeconds(11)), () -> "11 s");

		List<Map<String, Object>> firings = firings(schedule);
		assertThat(firings).hasSize(firedBeforePause).hasSizeGreaterThanOrEqualTo(9);
		List<Instant> fireTimes = firings.stream().map((firing) -> instant(firing, "fire_time")).toList();
		for (int i = 1; i < fireTimes.size(); i++) {
			assertThat(Duration.between(fireTimes.get(i - 1), fireTimes.get(i))).as("after %s", fireTimes.get(i - 1))
				.isEqualTo(Duration.ofSeconds(5));
		}
		assertThat(fireTimes.getFirst()).isBefore(start.plusSeconds(6));
		assertThat(fireTimes.getLast()).isBefore(paused).isAfter(start.plusSeconds(35));
		assertThat(firings).allSatisfy((firing) -> assertThat(firing).containsEntry("outcome", "RUN_CREATED"));
		List<Map<String, Object>> runs = jdbc()
			.sql("SELECT id, fire_time FROM run WHERE schedule_id = :schedule ORDER BY fire_time")
			.param("schedule", schedule.id())
			.query()
			.listOfRows();
		assertThat(runs).extracting((run) -> instant(run, "fire_time")).containsExactlyElementsOf(fireTimes);
		assertThat(runs).extracting((run) -> run.get("id"))
			.containsExactlyElementsOf(firings.stream().map((firing) -> firing.get("run_id")).toList());
		// and the remaining serve executes them all
		Polling.until(Duration.ofSeconds(90), () -> unfinished(schedule) == 0, () -> "the schedule's runs to end");
		assertThat(jdbc().sql("SELECT DISTINCT status FROM run WHERE schedule_id = :schedule")
			.param("schedule", schedule.id())
			.query(String.class)
			.list()).containsExactly("COMPLETED");
	}

	@Test
	void overlapSkipRecordsSkippedFiringsWhileASlowGatewayKeepsThePreviousRunGoing() {
		Path csv = bed.csv("id,prompt,model,size\n1,a slow red kite,dall-e-2,256x256\n");
		// skip-done off: every run calls the slow gateway for its row, not only the first
		Schedule schedule = schedules.create(new ScheduleSpec("slow-overlap", "*/2 * * * * *", "UTC",
				new RunRequest(csv.toString(), null, "slow", RowDefaults.NONE, null, null, false), true, Overlap.SKIP,
				Misfire.SKIP, null, null));
		Polling.until(Duration.ofSeconds(60),
				() -> firings(schedule).stream()
					.filter((firing) -> "SKIPPED_OVERLAP".equals(firing.get("outcome")))
					.count() >= 3,
				() -> "three skipped firings");
		schedules.pause("slow-overlap");

		List<Map<String, Object>> firings = firings(schedule);
		List<Map<String, Object>> runs = jdbc()
			.sql("SELECT id, created_at, ended_at FROM run WHERE schedule_id = :schedule ORDER BY created_at")
			.param("schedule", schedule.id())
			.query()
			.listOfRows();
		assertThat(runs).isNotEmpty();
		for (Map<String, Object> firing : firings) {
			if ("SKIPPED_OVERLAP".equals(firing.get("outcome"))) {
				assertThat(firing.get("run_id")).isNull();
				assertThat((String) firing.get("reason"))
					.matches("run \\S+ is still (QUEUED|RUNNING); overlap SKIP .*");
			}
		}
		// never two runs of the schedule at once: each was created after the one before
		// ended
		for (int i = 1; i < runs.size(); i++) {
			Instant endedBefore = instant(runs.get(i - 1), "ended_at");
			assertThat(instant(runs.get(i), "created_at")).isAfterOrEqualTo(endedBefore);
		}
	}

	private static List<Map<String, Object>> firings(Schedule schedule) {
		return jdbc().sql("SELECT * FROM schedule_firing WHERE schedule_id = :schedule ORDER BY fire_time")
			.param("schedule", schedule.id())
			.query()
			.listOfRows();
	}

	private static long unfinished(Schedule schedule) {
		return jdbc().sql("SELECT count(*) FROM run WHERE schedule_id = :schedule AND status IN ('QUEUED', 'RUNNING')")
			.param("schedule", schedule.id())
			.query(Long.class)
			.single();
	}

	private static Instant instant(Map<String, Object> row, String column) {
		return ((Timestamp) row.get(column)).toInstant();
	}

	private static JdbcClient jdbc() {
		return bed.jdbc();
	}

}
