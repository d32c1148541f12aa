package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Changes to a run that race in real PostgreSQL: each is decided on the version it read
 * and written only where that version is still there, so of two commands that read the
 * same run before either wrote, exactly one wins and the other is told.
 */
class RunChangesIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private RunRepository runs;

	private ExecutorService threads;

	@BeforeEach
	void repository() {
		this.bed = new GatewayTestBed(this.temp, "run-changes-tests");
		// any command migrates the schema, whichever test of the JVM runs first
		this.bed.cli("runs");
		this.runs = new RunRepository(this.bed.jdbc(), JsonMapper.builder().build(), Clock.systemUTC());
		this.threads = Executors.newFixedThreadPool(2);
	}

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.bed.close();
	}

	@Test
	void ofTwoStopsThatReadTheSameRunExactlyOneWinsAndTheOtherIsToldItChangedConcurrently() throws Exception {
		// given: a running run, read by both stops before either writes
		RunState read = aRunClaimedBy("process-a");

		// when
		List<Object> outcomes = together(() -> this.runs.requestStop(read), () -> this.runs.requestStop(read));

		// then
		assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
		assertThat(outcomes).filteredOn(RunChangedConcurrently.class::isInstance)
			.singleElement()
			.extracting((conflict) -> ((RunChangedConcurrently) conflict).runId())
			.isEqualTo(read.id());
		assertThat(row(read.id())).containsEntry("stop_requested", true).containsEntry("version", read.version() + 1);
	}

	@Test
	void aWorkerWhoseRunWasAdoptedCannotHandItOver() {
		// given: worker-a's run, adopted by worker-b once worker-a was presumed dead
		RunState read = aRunClaimedBy("worker-a");
		this.runs.claim(read, "worker-b", RunRepository.Claim.ADOPT, null);

		// when
		boolean stale = this.runs.handOver(read.id(), "worker-a");

		// then
		assertThat(stale).isFalse();
		assertThat(row(read.id())).containsEntry("owner", "worker-b").containsEntry("version", read.version() + 1);
		assertThat(this.runs.handOver(read.id(), "worker-b")).isTrue();
		assertThat(row(read.id())).containsEntry("owner", null);
	}

	@Test
	void aStopAndARestartThatReadTheSameRunCannotBothWin() throws Exception {
		// given: a run whose process died, read by a stop and by a restart taking it over
		RunState read = aRunClaimedBy("process-a");

		// when
		List<Object> outcomes = together(() -> this.runs.requestStop(read),
				() -> this.runs.claim(read, "process-b", RunRepository.Claim.START, null));

		// then: whichever wrote first, the other changed nothing
		assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
		assertThat(outcomes).filteredOn(RunChangedConcurrently.class::isInstance).hasSize(1);
		Map<String, Object> row = row(read.id());
		assertThat(row).containsEntry("version", read.version() + 1).containsEntry("status", "RUNNING");
		if (outcomes.get(0).equals("won")) {
			assertThat(row).containsEntry("stop_requested", true).containsEntry("owner", "process-a");
		}
		else {
			assertThat(row).containsEntry("stop_requested", false).containsEntry("owner", "process-b");
		}
	}

	@Test
	void ofTwoRestartsOfAStoppedRunExactlyOneClaimsItAndTheOtherIsToldItChangedConcurrently() throws Exception {
		// given: a stopped run, read by two restarts before either writes
		RunState running = aRunClaimedBy("process-a");
		this.runs.ended(running, RunStatus.STOPPED, "stopped on request", null);
		RunState read = this.runs.state(running.id()).orElseThrow();

		// when
		List<Object> outcomes = together(
				() -> this.runs.claim(read, "process-b", RunRepository.Claim.START, new BigDecimal("2.50")),
				() -> this.runs.claim(read, "process-c", RunRepository.Claim.START, null));

		// then
		assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
		assertThat(outcomes).filteredOn(RunChangedConcurrently.class::isInstance).hasSize(1);
		String winner = outcomes.get(0).equals("won") ? "process-b" : "process-c";
		assertThat(row(read.id())).containsEntry("status", "RUNNING")
			.containsEntry("owner", winner)
			.containsEntry("version", read.version() + 1);
	}

	@Test
	void aRunCannotBeEndedOnAVersionSomeoneElseChanged() {
		// given: a run read by its process, then asked to stop by another
		RunState read = aRunClaimedBy("process-a");
		this.runs.requestStop(read);

		// when / then
		assertThatExceptionOfType(RunChangedConcurrently.class)
			.isThrownBy(() -> this.runs.ended(read, RunStatus.COMPLETED, null, null))
			.withMessageContaining(read.id());
		assertThat(row(read.id())).containsEntry("status", "RUNNING");
	}

	@Test
	void aChangeTheTableRefusesIsNotWritten() {
		// given: a completed run
		RunState running = aRunClaimedBy("process-a");
		this.runs.ended(running, RunStatus.COMPLETED, null, null);
		RunState completed = this.runs.state(running.id()).orElseThrow();

		// when / then
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.runs.claim(completed, "process-b", RunRepository.Claim.START, null))
			.withMessageContaining("COMPLETED to RUNNING");
		assertThat(row(completed.id())).containsEntry("status", "COMPLETED")
			.containsEntry("version", completed.version());
	}

	/** A run created PENDING and claimed by a process, as {@link Runs} starts one. */
	private RunState aRunClaimedBy(String owner) {
		String id = "changes-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		this.runs.insert(new Run(id, null, "rows.csv", "simulated", RunStatus.QUEUED, null, RowDefaults.NONE, null, 1,
				null, Instant.now(), null, null, false, 0, null, null, CallMode.SYNC), null);
		return this.runs.claim(this.runs.state(id).orElseThrow(), owner, RunRepository.Claim.START, null);
	}

	/**
	 * Runs both changes from two threads released at the same moment; each outcome is
	 * {@code "won"} or what it threw, in the order given.
	 */
	private List<Object> together(Runnable first, Runnable second) throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		List<CompletableFuture<Object>> outcomes = new ArrayList<>();
		for (Runnable change : List.of(first, second)) {
			outcomes.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await(10, TimeUnit.SECONDS);
					change.run();
					return "won";
				}
				catch (Exception ex) {
					return ex;
				}
			}, this.threads));
		}
		List<Object> results = new ArrayList<>();
		for (CompletableFuture<Object> outcome : outcomes) {
			results.add(outcome.get(30, TimeUnit.SECONDS));
		}
		return results;
	}

	private Map<String, Object> row(String runId) {
		return this.bed.run(runId);
	}

}
