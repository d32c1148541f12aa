package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.imagebatch.estimate.SpendEstimates;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Schedules fired by a poller whose clock the test moves, on real PostgreSQL, S3 and a
 * simulated gateway over HTTP: daylight-saving days, overlap, misfire, caps, pause and
 * run-now, each judged by the firings recorded and the runs created.
 */
class ScheduleFiringIntegrationTests {

	private static final Duration MISFIRE_AFTER = Duration.ofMinutes(1);

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private MutableClock clock;

	private Schedules schedules;

	private SchedulePoller poller;

	private Runs runs;

	private Path csv;

	/** The table behind the source {@code db:catalog}. */
	private String catalog;

	@BeforeEach
	void application() {
		this.bed = new GatewayTestBed(this.temp, "schedule-firing");
		this.bed.gateway("sim", (settings) -> settings);
		this.catalog = this.bed.schema("schedule_firing") + ".product";
		this.bed.jdbc().sql("CREATE TABLE " + this.catalog + " (id TEXT PRIMARY KEY, prompt TEXT NOT NULL)").update();
		this.bed.property("imagebatch.sources.catalog.query",
				"SELECT id, prompt, 'dall-e-2' AS model, '256x256' AS size FROM " + this.catalog);
		// one row at the dall-e-2 list price of 0.016 USD
		this.csv = this.bed.csv("id,prompt,model,size\np1,a red apple,dall-e-2,256x256\n");
		ConfigurableApplicationContext context = this.bed.application();
		this.clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		this.runs = context.getBean(Runs.class);
		ScheduleRepository repository = context.getBean(ScheduleRepository.class);
		FiringRepository firings = context.getBean(FiringRepository.class);
		ScheduleSpending spending = context.getBean(ScheduleSpending.class);
		SpendCaps caps = new SpendCaps(spending);
		PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
		ScheduleFirer firer = new ScheduleFirer(this.runs, context.getBean(SpendEstimates.class), caps, spending,
				firings, transactions, this.clock);
		this.schedules = new Schedules(repository, firings, firer, caps, spending, this.runs,
				context.getBeanProvider(Gateways.class), context.getBean(SpendEstimates.class), transactions,
				this.clock);
		this.poller = new SchedulePoller(repository, firer,
				new ScheduleProperties(true, Duration.ofSeconds(1), MISFIRE_AFTER), transactions, this.clock);
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void eachFireTimeFiresOnceAndTheScheduleMovesOn() {
		Schedule schedule = this.schedules.create(spec("minutely", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		Instant first = schedule.nextFireAt();
		assertThat(first).isAfter(this.clock.instant()).isEqualTo(first.truncatedTo(ChronoUnit.MINUTES));
		assertThat(this.poller.poll()).isZero();
		this.clock.set(first.plusSeconds(2));
		assertThat(this.poller.poll()).isOne();
		assertThat(this.poller.poll()).isZero();
		List<Firing> firings = firings("minutely");
		assertThat(firings).singleElement().satisfies((firing) -> {
			assertThat(firing.fireTime()).isEqualTo(first);
			assertThat(firing.outcome()).isEqualTo(FiringOutcome.RUN_CREATED);
			assertThat(firing.cause()).isEqualTo(FiringCause.CRON);
		});
		Map<String, Object> run = this.bed.run(firings.getFirst().runId());
		assertThat(run).containsEntry("schedule_name", "minutely").containsEntry("status", "QUEUED");
		assertThat(((java.sql.Timestamp) run.get("fire_time")).toInstant()).isEqualTo(first);
		assertThat((String) run.get("name")).startsWith("minutely ");
		assertThat(this.schedules.find("minutely").nextFireAt()).isEqualTo(first.plusSeconds(60));
	}

	@Test
	void onTheSpringForwardDayANightlyFiringAtASkippedTimeFiresOnce() {
		this.clock.set(Instant.parse("2026-03-28T12:00:00Z"));
		this.schedules.create(spec("dst-spring", "0 30 2 * * *", "Europe/Berlin", Overlap.QUEUE, null));
		pollEveryQuarterHourUntil(Instant.parse("2026-03-30T12:00:00Z"));
		assertThat(firings("dst-spring")).extracting(Firing::fireTime)
			// 03:30 summer time on the 29th: 02:30 did not exist
			.containsExactly(Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-29T01:30:00Z"));
		assertThat(firings("dst-spring"))
			.allSatisfy((firing) -> assertThat(firing.outcome()).isEqualTo(FiringOutcome.RUN_CREATED));
	}

	@Test
	void onTheFallBackDayANightlyFiringAtARepeatedTimeFiresOnlyOnce() {
		this.clock.set(Instant.parse("2026-10-24T12:00:00Z"));
		this.schedules.create(spec("dst-autumn", "0 30 2 * * *", "Europe/Berlin", Overlap.QUEUE, null));
		pollEveryQuarterHourUntil(Instant.parse("2026-10-26T12:00:00Z"));
		assertThat(firings("dst-autumn")).extracting(Firing::fireTime)
			// 02:30 summer time on the 25th, not again at 02:30 winter time an hour later
			.containsExactly(Instant.parse("2026-10-26T01:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"));
	}

	@Test
	void overlapSkipRecordsASkippedFiringWhileThePreviousRunIsActive() {
		Schedule schedule = this.schedules.create(spec("skipper", "0 * * * * *", "UTC", Overlap.SKIP, null));
		this.clock.set(schedule.nextFireAt().plusSeconds(1));
		this.poller.poll();
		this.clock.advance(Duration.ofMinutes(1));
		this.poller.poll();
		List<Firing> firings = firings("skipper");
		assertThat(firings).extracting(Firing::outcome)
			.containsExactly(FiringOutcome.SKIPPED_OVERLAP, FiringOutcome.RUN_CREATED);
		String queued = firings.get(1).runId();
		assertThat(firings.getFirst().reason())
			.isEqualTo("run " + queued + " is still QUEUED; overlap SKIP submits no second run");
		assertThat(firings.getFirst().runId()).isNull();
	}

	@Test
	void overlapQueueSubmitsWhileThePreviousRunIsActive() {
		Schedule schedule = this.schedules.create(spec("queuer", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		this.clock.set(schedule.nextFireAt().plusSeconds(1));
		this.poller.poll();
		this.clock.advance(Duration.ofMinutes(1));
		this.poller.poll();
		assertThat(firings("queuer")).extracting(Firing::outcome)
			.containsExactly(FiringOutcome.RUN_CREATED, FiringOutcome.RUN_CREATED);
	}

	@Test
	void missedFiringsAreRecordedOnceAndSkipped() {
		Schedule schedule = this.schedules.create(spec("missed", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		// no process ran for an hour
		this.clock.set(schedule.nextFireAt().plus(Duration.ofMinutes(59)).plusSeconds(90));
		this.poller.poll();
		List<Firing> firings = firings("missed");
		assertThat(firings).extracting(Firing::outcome)
			.containsExactly(FiringOutcome.RUN_CREATED, FiringOutcome.MISSED);
		// from the first fire time until a minute ago
		assertThat(firings.get(1).reason())
			.startsWith("60 firings from " + schedule.nextFireAt() + " to "
					+ schedule.nextFireAt().plus(Duration.ofMinutes(59)))
			.endsWith("were missed while no imagebatch serve could fire them; misfire SKIP");
		assertThat(firings.getFirst().cause()).isEqualTo(FiringCause.CRON);
		assertThat(this.schedules.find("missed").nextFireAt()).isAfter(this.clock.instant());
	}

	@Test
	void missedFiringsRunOnceWhenTheMisfirePolicySaysSo() {
		ScheduleSpec spec = spec("run-once", "0 0 * * * *", "UTC", Overlap.QUEUE, null);
		Schedule schedule = this.schedules.create(withMisfire(spec, Misfire.RUN_ONCE));
		// three hourly firings missed; the next is 29 minutes away
		this.clock.set(schedule.nextFireAt().plus(Duration.ofHours(2)).plusSeconds(31 * 60));
		this.poller.poll();
		assertThat(firings("run-once")).singleElement().satisfies((firing) -> {
			assertThat(firing.outcome()).isEqualTo(FiringOutcome.RUN_CREATED);
			assertThat(firing.cause()).isEqualTo(FiringCause.MISFIRE);
			assertThat(firing.fireTime()).isEqualTo(schedule.nextFireAt().plus(Duration.ofHours(2)));
			assertThat(firing.reason()).startsWith("3 firings from").contains("misfire RUN_ONCE fires once for them");
		});
	}

	@Test
	void aPausedScheduleDoesNotFireAndResumesFromTheNextFireTime() {
		Schedule schedule = this.schedules.create(spec("paused", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		assertThat(this.schedules.pause("paused").spec().enabled()).isFalse();
		this.clock.set(schedule.nextFireAt().plus(Duration.ofMinutes(10)));
		this.poller.poll();
		assertThat(firings("paused")).isEmpty();
		assertThat(this.schedules.overview("paused").nextFireTimes()).isEmpty();
		Schedule resumed = this.schedules.resume("paused");
		assertThat(resumed.nextFireAt()).isAfter(this.clock.instant());
		this.poller.poll();
		// the paused stretch is not a missed one
		assertThat(firings("paused")).isEmpty();
		assertThat(this.schedules.overview("paused").nextFireTimes()).hasSize(Schedules.NEXT_SHOWN)
			.first()
			.isEqualTo(resumed.nextFireAt());
	}

	@Test
	void runNowFiresAPausedScheduleAndSaysWhoAsked() {
		this.schedules.create(spec("manual", "@monthly", "UTC", Overlap.SKIP, null));
		this.schedules.pause("manual");
		Firing firing = this.schedules.runNow("manual", "alice");
		assertThat(firing.outcome()).isEqualTo(FiringOutcome.RUN_CREATED);
		assertThat(firing.cause()).isEqualTo(FiringCause.RUN_NOW);
		assertThat(firing.reason()).isEqualTo("asked for by alice");
		assertThat(this.runs.find(firing.runId()).status()).isEqualTo(RunStatus.QUEUED);
		// the run it made is still queued: a second one now is an overlap
		this.clock.advance(Duration.ofSeconds(1));
		Firing again = this.schedules.runNow("manual", "alice");
		assertThat(again.outcome()).isEqualTo(FiringOutcome.SKIPPED_OVERLAP);
		assertThat(this.schedules.overview("manual").lastRun()).isEqualTo(new ScheduledRun(firing.runId(), "QUEUED"));
	}

	@Test
	void aNightlyScheduleOverAGrowingTableTurnsOnlyNewRowsIntoImages() throws InterruptedException {
		addProducts("p1", "p2");
		this.schedules.create(new ScheduleSpec("catalog", "0 30 2 * * *", "Europe/Berlin", request("db:catalog", null),
				true, Overlap.SKIP, Misfire.RUN_ONCE, null, null));
		assertThat(itemsOfAFiring()).containsExactly("p1", "p2");
		addProducts("p3");
		assertThat(itemsOfAFiring()).containsExactly("p3");
		addProducts("p4", "p5");
		assertThat(itemsOfAFiring()).containsExactly("p4", "p5");
		assertThat(firings("catalog")).extracting((firing) -> this.runs.find(firing.runId()).rowsAlreadyDone())
			.containsExactly(3L, 2L, 0L);
	}

	private void addProducts(String... ids) {
		for (String id : ids) {
			this.bed.jdbc()
				.sql("INSERT INTO " + this.catalog + " (id, prompt) VALUES (?, ?)")
				.params(id, "A catalog photo of product " + id)
				.update();
		}
	}

	/**
	 * Fires the catalog schedule now, executes its run and tells which rows it loaded.
	 */
	private List<String> itemsOfAFiring() throws InterruptedException {
		this.clock.advance(Duration.ofSeconds(1));
		Firing firing = this.schedules.runNow("catalog", "alice");
		assertThat(firing.outcome()).as(firing.reason()).isEqualTo(FiringOutcome.RUN_CREATED);
		assertThat(this.runs.execute(firing.runId()).status()).isEqualTo(RunStatus.COMPLETED);
		return this.bed.jdbc()
			.sql("SELECT external_id FROM item WHERE run_id = ? ORDER BY external_id")
			.param(firing.runId())
			.query(String.class)
			.list();
	}

	@Test
	void aDailyCapStopsFiringsOnceWhatWasSpentLeavesNoRoomForTheEstimate() throws InterruptedException {
		// each firing is estimated at 0.016 USD (the same row each time: skip-done off);
		// the
		// cap leaves room for one firing, not two
		ScheduleSpec spec = withCaps(new ScheduleSpec("capped", "0 * * * * *", "UTC",
				new RunRequest(this.csv.toString(), null, null, RowDefaults.NONE, new BigDecimal("40"), null, false),
				true, Overlap.QUEUE, Misfire.SKIP, null, null), new BigDecimal("0.025"), null);
		this.schedules.create(spec);
		Firing first = this.schedules.runNow("capped", "alice");
		assertThat(first.outcome()).isEqualTo(FiringOutcome.RUN_CREATED);
		// the run's own budget is what was left under the cap, not its 40 USD
		Run run = this.runs.find(first.runId());
		assertThat(run.budgetUsd()).isEqualByComparingTo("0.025");
		assertThat(first.reason()).contains("run budget $0.025: what is left under the daily cap of $0.025");
		assertThat(this.runs.execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
		this.clock.advance(Duration.ofSeconds(1));
		Firing second = this.schedules.runNow("capped", "alice");
		assertThat(second.outcome()).isEqualTo(FiringOutcome.SKIPPED_CAP);
		assertThat(second.runId()).isNull();
		assertThat(second.reason()).contains("the estimate of $0.016 for 1 rows would pass the daily cap of $0.025")
			.contains("$0.016 spent, $0.00 held by active runs, $0.009 left");
		assertThat(this.schedules.overview("capped").spentToday()).isEqualByComparingTo("0.016");
	}

	@Test
	void aCapTooSmallForOneFiringSkipsItAndAQueuedRunHoldsItsBudget() {
		ScheduleSpec tiny = withCaps(spec("tiny", "@daily", "UTC", Overlap.QUEUE, null), null, new BigDecimal("0.01"));
		this.schedules.create(tiny);
		Firing skipped = this.schedules.runNow("tiny", "alice");
		assertThat(skipped.outcome()).isEqualTo(FiringOutcome.SKIPPED_CAP);
		assertThat(skipped.reason()).contains("would pass the monthly cap of $0.01");
		ScheduleSpec roomy = withCaps(spec("held", "@daily", "UTC", Overlap.QUEUE, new BigDecimal("0.02")),
				new BigDecimal("0.03"), null);
		this.schedules.create(roomy);
		assertThat(this.schedules.runNow("held", "alice").outcome()).isEqualTo(FiringOutcome.RUN_CREATED);
		// the queued run may still spend its 0.02: 0.01 is left, less than one firing's
		// 0.016
		this.clock.advance(Duration.ofSeconds(1));
		Firing held = this.schedules.runNow("held", "alice");
		assertThat(held.outcome()).isEqualTo(FiringOutcome.SKIPPED_CAP);
		assertThat(held.reason()).contains("$0.02 held by active runs, $0.01 left");
	}

	@Test
	void aFiringWhoseSourceIsGoneIsRecordedAsFailedWithTheReason() throws Exception {
		Path gone = this.bed.csv("id,prompt\n1,a pear\n");
		this.schedules.create(new ScheduleSpec("vanishing", "@daily", "UTC", request(gone.toString(), null), true,
				Overlap.QUEUE, Misfire.SKIP, null, null));
		java.nio.file.Files.delete(gone);
		Firing firing = this.schedules.runNow("vanishing", "alice");
		assertThat(firing.outcome()).isEqualTo(FiringOutcome.FAILED);
		assertThat(firing.reason()).startsWith("asked for by alice; the run could not be submitted: ")
			.contains(gone.getFileName().toString());
	}

	@Test
	void badSchedulesAreRefusedNamingTheField() {
		assertRefused(spec("x", "0 61 * * *", "UTC", Overlap.SKIP, null), "cron");
		assertRefused(spec("x", "@daily", "Nowhere/Town", Overlap.SKIP, null), "zone");
		assertRefused(spec("bad name!", "@daily", "UTC", Overlap.SKIP, null), "name");
		assertRefused(withCaps(spec("x", "@daily", "UTC", Overlap.SKIP, null), BigDecimal.ZERO, null), "daily_cap_usd");
		assertRefused(withCaps(spec("x", "@daily", "UTC", Overlap.SKIP, null), null, new BigDecimal("-1")),
				"monthly_cap_usd");
		assertRefused(spec("x", "@daily", "UTC", Overlap.SKIP, BigDecimal.ZERO), "budget_usd");
		assertRefused(new ScheduleSpec("x", "@daily", "UTC", request(this.temp.resolve("none.csv").toString(), null),
				true, Overlap.SKIP, Misfire.SKIP, null, null), "source");
		assertRefused(new ScheduleSpec("x", "@daily", "UTC", request("db:unknown", null), true, Overlap.SKIP,
				Misfire.SKIP, null, null), "source");
		this.schedules.create(spec("taken", "@daily", "UTC", Overlap.SKIP, null));
		assertRefused(spec("taken", "@hourly", "UTC", Overlap.SKIP, null), "name");
		assertThat(this.schedules.list()).extracting(ScheduleOverview::schedule)
			.extracting(Schedule::name)
			.containsExactly("taken");
	}

	@Test
	void aScheduleThatCannotBeFiredDoesNotHoldUpTheOthers() {
		Schedule broken = this.schedules.create(spec("broken", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		Schedule sound = this.schedules.create(spec("sound", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		// a cron spoilt behind the product's back, due first
		this.bed.jdbc()
			.sql("UPDATE schedule SET cron = 'not a cron', next_fire_at = next_fire_at - interval '1 second' "
					+ "WHERE id = ?")
			.param(broken.id())
			.update();
		this.clock.set(sound.nextFireAt().plusSeconds(1));
		assertThat(this.poller.poll()).isOne();
		assertThat(firings("sound")).singleElement()
			.satisfies((firing) -> assertThat(firing.outcome()).isEqualTo(FiringOutcome.RUN_CREATED));
		assertThat(firings("broken")).isEmpty();
		// still due, for when it is mended
		assertThat(this.schedules.find("broken").nextFireAt()).isBefore(this.clock.instant());
	}

	@Test
	void aDeletedScheduleStopsFiringAndFreesItsName() {
		Schedule schedule = this.schedules.create(spec("short-lived", "0 * * * * *", "UTC", Overlap.QUEUE, null));
		this.schedules.delete("short-lived");
		this.clock.set(schedule.nextFireAt().plusSeconds(1));
		assertThat(this.poller.poll()).isZero();
		assertThatExceptionOfType(ScheduleNotFound.class).isThrownBy(() -> this.schedules.find("short-lived"));
		assertThat(this.schedules.create(spec("short-lived", "@daily", "UTC", Overlap.QUEUE, null)).id())
			.isNotEqualTo(schedule.id());
	}

	private void assertRefused(ScheduleSpec spec, String field) {
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> this.schedules.create(spec))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo(field));
	}

	private void pollEveryQuarterHourUntil(Instant end) {
		while (this.clock.instant().isBefore(end)) {
			this.clock.advance(Duration.ofMinutes(15));
			this.poller.poll();
		}
	}

	private List<Firing> firings(String name) {
		return this.schedules.firings(name, 0, 100).content();
	}

	private ScheduleSpec spec(String name, String cron, String zone, Overlap overlap, @Nullable BigDecimal budget) {
		return new ScheduleSpec(name, cron, zone, request(this.csv.toString(), budget), true, overlap, Misfire.SKIP,
				null, null);
	}

	private static RunRequest request(String source, @Nullable BigDecimal budget) {
		return new RunRequest(source, null, null, RowDefaults.NONE, budget, null, null);
	}

	private static ScheduleSpec withMisfire(ScheduleSpec spec, Misfire misfire) {
		return new ScheduleSpec(spec.name(), spec.cron(), spec.zone(), spec.run(), spec.enabled(), spec.overlap(),
				misfire, spec.dailyCapUsd(), spec.monthlyCapUsd());
	}

	private static ScheduleSpec withCaps(ScheduleSpec spec, @Nullable BigDecimal daily, @Nullable BigDecimal monthly) {
		return new ScheduleSpec(spec.name(), spec.cron(), spec.zone(), spec.run(), spec.enabled(), spec.overlap(),
				spec.misfire(), daily, monthly);
	}

}
