package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.ChildImagebatch;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several workers, each a JVM of its own, on one database and one gateway: items are
 * leased to one worker at a time, a dead worker's items and runs are taken over without a
 * restart, a leaving worker stores its calls and hands its runs over, and free slots go
 * to the runs in turn.
 */
class WorkersIntegrationTests {

	private static final String BUCKET = "worker-tests";

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private final List<ChildImagebatch> children = new ArrayList<>();

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		// beats every 300 ms, dead after 1.5 s without one: the tests wait seconds, not
		// minutes
		this.bed.property("imagebatch.worker.beat-interval", "300ms")
			.property("imagebatch.worker.stale-after", "1500ms")
			.property("imagebatch.worker.poll-interval", "100ms");
		// any command migrates the schema, whichever test of the JVM runs first
		this.bed.cli("runs");
	}

	@AfterEach
	void close() {
		this.children.stream().filter(ChildImagebatch::isAlive).forEach(ChildImagebatch::kill);
		this.bed.close();
	}

	@Test
	void submitQueuesARunThatAWorkerExecutesAndWaitFollowsToItsExitCode() {
		// given
		this.bed.gateway("sim", (settings) -> settings.withRejectMarker("FORBIDDEN"));
		Path csv = this.bed.csv("id,prompt\na,a lighthouse\nb,FORBIDDEN thing\nc,a harbour\n");

		// when
		CliInvocation submitted = this.bed.cli("submit", csv.toString(), "--model", "dall-e-2", "--size", "256x256");
		String runId = submitted.out().strip();
		Map<String, Object> queued = this.bed.run(runId);
		worker();
		CliInvocation waited = this.bed.cli("wait", "latest");

		// then
		assertThat(submitted.exitCode()).as(submitted.toString()).isEqualTo(Cli.OK);
		assertThat(queued).containsEntry("status", "QUEUED");
		assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(waited.out()).contains("COMPLETED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("FAILED", 1L), Map.entry("SUCCEEDED", 2L));
	}

	@Test
	void threeWorkersOnOneKeyKeepToItsLimitTogetherAndPayForEveryImageOnce() {
		// given: a gateway that refuses anything over 600 requests a minute with a burst
		// no larger than ours, and three workers told that limit
		GatewaySimulator gateway = this.bed.gateway("limited",
				(settings) -> settings.withRequestsPerMinute(600).withRateLimitBurst(100));
		this.bed.property("imagebatch.gateways.limited.requests-per-minute", "600");
		List.of(worker(), worker(), worker());
		Polling.until(PATIENCE, () -> liveWorkers() == 3, () -> "three live workers" + diagnostics());

		// when
		String runId = submit(this.bed.rows(240, "dall-e-2", "256x256", "b64_json"), "--concurrency", "24");
		awaitRun(runId, "COMPLETED");

		// then: no 429 by the gateway's own count, each row once, cost as the gateway
		// produced
		assertThat(gateway.ledger().rateLimited()).as("429s").isZero();
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 240L));
		assertThat(callsPerPrompt(gateway).values()).hasSize(240).containsOnly(1L);
		BigDecimal produced = new BigDecimal("0.016").multiply(BigDecimal.valueOf(gateway.ledger().imagesGenerated()));
		BigDecimal recorded = this.bed.costEntries(runId)
			.stream()
			.map((entry) -> (BigDecimal) entry.get("usd"))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(recorded).isEqualByComparingTo(produced).isEqualByComparingTo("3.84");
		assertThat(this.bed.jdbc()
			.sql("SELECT COUNT(DISTINCT claimed_by) FROM item WHERE run_id = ?")
			.param(runId)
			.query(Long.class)
			.single()).as("workers that took items").isEqualTo(3L);
	}

	@Test
	void aWorkerWithAFreshBeatKeepsItsItemsWhileAnotherStarts() {
		// given: one worker holding six calls in flight, each answered after 40 s: long
		// enough for a second worker to boot and beat, and for 'workers' and 'status' to
		// look
		// (a worker boots in 5-25 s on two loaded cores)
		GatewaySimulator gateway = this.bed.gateway("slow",
				(settings) -> settings.withLatency(Duration.ofSeconds(40), Duration.ZERO));
		String runId = submit(this.bed.rows(6, "dall-e-2", "256x256", "b64_json"), "--concurrency", "6");
		ChildImagebatch first = worker();
		Polling.until(PATIENCE, () -> gateway.ledger().inFlight() == 6, () -> "six calls in flight" + diagnostics());

		// when: a second worker starts and beats several times while they are in flight
		ChildImagebatch second = worker();
		Polling.until(PATIENCE, () -> liveWorkers() == 2, () -> "two live workers" + diagnostics());
		CliInvocation workers = this.bed.cli("workers");
		CliInvocation status = this.bed.cli("status", runId);
		assertThat(gateway.ledger().inFlight()).as("the first worker's calls still in flight").isEqualTo(6);
		awaitRun(runId, "COMPLETED");

		// then: each row was called once, by the worker that claimed it
		assertThat(callsPerPrompt(gateway).values()).hasSize(6).containsOnly(1L);
		assertThat(this.bed.jdbc()
			.sql("SELECT DISTINCT claimed_by FROM item WHERE run_id = ?")
			.param(runId)
			.query(String.class)
			.list()).as(first.stderr() + second.stderr()).singleElement().asString().contains("-" + first.pid() + "-");
		// and the commands said so while it happened
		assertThat(workers.out()).as(workers.toString())
			.containsPattern("-" + first.pid() + "-\\S*\\s+worker\\s+\\S+\\s+" + first.pid() + "\\s.*\\s6\\s+" + runId)
			.containsPattern("(?m)-" + second.pid() + "-\\S*\\s+worker\\s+\\S+\\s+" + second.pid() + "\\s.*\\s0\\s*$");
		assertThat(status.out()).as(status.toString())
			.containsPattern("Owner +\\S+-" + first.pid() + "-\\S+\\n")
			.containsPattern("Workers +\\S+-" + first.pid() + "-\\S+ \\(6 in flight\\)");
	}

	@Test
	void killingTheOwnerMidRunLetsTheOthersAdoptItAndPaysAgainOnlyForCallsInFlightAtTheKill() {
		// given: three workers at work on one run, one of them its owner
		GatewaySimulator gateway = this.bed.gateway("sim",
				(settings) -> settings.withLatency(Duration.ofMillis(500), Duration.ofMillis(1000)));
		List<ChildImagebatch> workers = List.of(worker(), worker(), worker());
		Polling.until(PATIENCE, () -> liveWorkers() == 3, () -> "three live workers" + diagnostics());
		String runId = submit(this.bed.rows(60, "dall-e-2", "256x256", "b64_json"), "--concurrency", "6");
		Polling.until(PATIENCE, () -> gateway.ledger().imagesGenerated() >= 6, () -> "a few images" + diagnostics());
		ChildImagebatch owner = workers.stream()
			.filter((worker) -> ownerOf(runId).contains("-" + worker.pid() + "-"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no worker owns run " + runId + ": " + ownerOf(runId)));

		// when: frozen (its items can be read), then killed
		owner.suspend();
		Set<String> inFlightAtKill = Set.copyOf(this.bed.jdbc()
			.sql("SELECT external_id FROM item WHERE run_id = ? AND status = 'IN_FLIGHT' AND claimed_by = ?")
			.params(runId, ownerOf(runId))
			.query(String.class)
			.list());
		owner.kill();

		// then: the run completes without a restart, every row once
		awaitRun(runId, "COMPLETED");
		assertThat(ownerOf(runId)).doesNotContain("-" + owner.pid() + "-");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 60L));
		Map<String, Long> calls = callsPerPrompt(gateway);
		List<String> calledAgain = calls.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map((entry) -> "row-" + entry.getKey().substring("Prompt number ".length()))
			.toList();
		System.out.printf("owner killed: %d calls for 60 rows; %d made again, %d were in flight at the kill%n",
				gateway.ledger().requests(), calledAgain.size(), inFlightAtKill.size());
		assertThat(calls).hasSize(60);
		assertThat(calls.values()).allMatch((count) -> count <= 2);
		assertThat(inFlightAtKill).containsAll(calledAgain);
	}

	@Test
	void aWorkerTerminatedMidRunStoresItsCallsAndTheRunCompletesElsewhere() {
		// given: two workers at work on a slow run; the one that owns it will leave
		GatewaySimulator gateway = this.bed.gateway("slow",
				(settings) -> settings.withLatency(Duration.ofMillis(800), Duration.ofMillis(400)));
		List<ChildImagebatch> workers = List.of(worker(), worker());
		Polling.until(PATIENCE, () -> liveWorkers() == 2, () -> "two live workers" + diagnostics());
		String runId = submit(this.bed.rows(40, "dall-e-2", "256x256", "url"), "--concurrency", "8");
		Polling.until(PATIENCE, () -> gateway.ledger().imagesGenerated() >= 4, () -> "a few images" + diagnostics());
		ChildImagebatch leaving = workers.stream()
			.filter((worker) -> ownerOf(runId).contains("-" + worker.pid() + "-"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no worker owns run " + runId + ": " + ownerOf(runId)));
		ChildImagebatch staying = workers.stream().filter((worker) -> worker != leaving).findFirst().orElseThrow();

		// when
		int exit = leaving.terminate();

		// then: it left cleanly, nothing it was answered for was lost or paid twice
		assertThat(exit).as(leaving.stderr()).isZero();
		awaitRun(runId, "COMPLETED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 40L));
		assertThat(callsPerPrompt(gateway).values()).as(leaving.stderr()).hasSize(40).containsOnly(1L);
		assertThat(ownerOf(runId)).contains("-" + staying.pid() + "-");
		assertThat(this.bed.jdbc()
			.sql("SELECT end_reason FROM worker WHERE pid = ?")
			.param(leaving.pid())
			.query(String.class)
			.single()).isEqualTo("left");
	}

	@Test
	void aSmallRunSubmittedAfterALargeOneFinishesLongBeforeIt() {
		// given: one worker with two calls at a time, busy with a large run
		this.bed.gateway("sim", (settings) -> settings.withLatency(Duration.ofMillis(100), Duration.ZERO));
		this.bed.property("imagebatch.worker.concurrency", "2");
		String large = submit(this.bed.rows(200, "dall-e-2", "256x256", "b64_json"));
		worker();
		Polling.until(PATIENCE, () -> succeeded(large) >= 10, () -> "the large run under way" + diagnostics());

		// when
		String small = submit(this.bed.rows(5, "dall-e-2", "256x256", "b64_json"));
		awaitRun(small, "COMPLETED");

		// then: the large run was far from done when the small one ended
		long largeDone = succeeded(large);
		awaitRun(large, "COMPLETED");
		assertThat(largeDone).as("large run's items done when the small run completed").isLessThan(100);
		assertThat((Timestamp) this.bed.run(small).get("ended_at"))
			.isBefore((Timestamp) this.bed.run(large).get("ended_at"));
	}

	private String submit(Path csv, String... options) {
		List<String> args = new ArrayList<>(List.of("submit", csv.toString()));
		args.addAll(List.of(options));
		CliInvocation submitted = this.bed.cli(args.toArray(String[]::new));
		assertThat(submitted.exitCode()).as(submitted.toString()).isEqualTo(Cli.OK);
		return submitted.out().strip();
	}

	private ChildImagebatch worker() {
		ChildImagebatch worker = ChildImagebatch.start(this.temp, this.bed.properties(), "worker");
		this.children.add(worker);
		return worker;
	}

	private long liveWorkers() {
		return this.bed.jdbc()
			.sql("SELECT COUNT(*) FROM worker WHERE ended_at IS NULL AND kind = 'worker'")
			.query(Long.class)
			.single();
	}

	private String ownerOf(String runId) {
		Object owner = this.bed.run(runId).get("owner");
		return (owner != null) ? owner.toString() : "";
	}

	private long succeeded(String runId) {
		return this.bed.itemsByStatus(runId).getOrDefault("SUCCEEDED", 0L);
	}

	private void awaitRun(String runId, String status) {
		Polling.until(PATIENCE, () -> status.equals(this.bed.run(runId).get("status")),
				() -> "run " + runId + " " + status + "; it is " + this.bed.run(runId) + ", items "
						+ this.bed.itemsByStatus(runId) + diagnostics());
	}

	/** What the runs and the workers say, for a failure message. */
	private String diagnostics() {
		return "\nruns: "
				+ this.bed.jdbc()
					.sql("SELECT id, status, status_reason, owner FROM run ORDER BY created_at")
					.query()
					.listOfRows()
				+ "\nworkers: "
				+ this.bed.jdbc().sql("SELECT id, kind, ended_at, end_reason FROM worker").query().listOfRows()
				+ "\n--- workers' output:\n"
				+ this.children.stream().map(ChildImagebatch::stderr).collect(Collectors.joining("\n---\n"));
	}

	private static Map<String, Long> callsPerPrompt(GatewaySimulator gateway) {
		return gateway.ledger()
			.generated()
			.stream()
			.collect(Collectors.groupingBy(GeneratedRecord::prompt, Collectors.counting()));
	}

}
