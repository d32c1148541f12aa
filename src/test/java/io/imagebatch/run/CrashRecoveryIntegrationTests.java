package io.imagebatch.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.system.Sha256;
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
 * Runs that die, are terminated or are stopped, and what restart makes of them: every row
 * ends exactly once, every image the gateway produced and we stored is in S3, and nothing
 * is paid twice except a call whose answer the dead process had not yet stored.
 */
class CrashRecoveryIntegrationTests {

	private static final String BUCKET = "crash-tests";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void killedAtSeveralMomentsARunEndsWithEveryRowOnceAndEveryStoredImageFromTheGateway() {
		// given: a slow gateway and 24 rows, 4 calls at a time
		GatewaySimulator gateway = this.bed.gateway("slow",
				(settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ofMillis(200)));
		Path csv = this.bed.rows(24, "dall-e-2", "256x256", "b64_json");

		// when: SIGKILL while loading or starting, after a few images, and later in a
		// restart
		ChildImagebatch first = ChildImagebatch.start(this.temp, this.bed.properties(), "generate", csv.toString(),
				"--concurrency", "4");
		String runId = first.runId();
		awaitImages(gateway, 1, first);
		first.kill();
		assertThat(this.bed.run(runId)).as("a killed process leaves its run looking RUNNING")
			.containsEntry("status", "RUNNING");
		assertThat(this.bed.cli("runs").out()).as("but 'runs' knows better").containsPattern(runId + "\\s+CRASHED");
		assertThat(this.bed.cli("status", runId).out())
			.contains("gone; a live worker adopts the run, or 'imagebatch restart " + runId + "'")
			.containsPattern("Workers .* in flight, gone: they go back to the queue\\)");
		ChildImagebatch second = ChildImagebatch.start(this.temp, this.bed.properties(), "restart", runId);
		awaitImages(gateway, 9, second);
		second.kill();
		ChildImagebatch third = ChildImagebatch.start(this.temp, this.bed.properties(), "restart", runId);
		awaitImages(gateway, 17, third);
		third.kill();
		CliInvocation last = this.bed.cli("restart", runId);

		// then: every row ended exactly once
		assertThat(last.exitCode()).as(last.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 24L));
		List<Map<String, Object>> images = this.bed.jdbc()
			.sql("SELECT item.external_id, image.object_key, image.sha256 FROM image JOIN item ON item.id = image.item_id "
					+ "WHERE item.run_id = ?")
			.param(runId)
			.query()
			.listOfRows();
		assertThat(images).hasSize(24);
		// every stored image is byte for byte one the gateway produced
		Set<String> produced = gateway.ledger()
			.generated()
			.stream()
			.map(GeneratedRecord::sha256)
			.collect(Collectors.toSet());
		for (Map<String, Object> image : images) {
			byte[] bytes = this.bed.s3()
				.getObjectAsBytes((request) -> request.bucket(BUCKET).key((String) image.get("object_key")))
				.asByteArray();
			assertThat(Sha256.hex(bytes)).isEqualTo(image.get("sha256")).isIn(produced);
		}
		// calls made more than once for a row: only where a process died between the
		// gateway's answer and the S3 put (at most the calls in flight at each kill)
		Map<String, Long> callsPerPrompt = gateway.ledger()
			.generated()
			.stream()
			.collect(Collectors.groupingBy(GeneratedRecord::prompt, Collectors.counting()));
		long paidAgain = callsPerPrompt.values().stream().mapToLong((calls) -> calls - 1).sum();
		// a call made again was either answered (its cost entry written) with the process
		// dying before the put, or still waiting for its answer when the process died
		long answeredNotStored = this.bed.costEntries(runId).size() - 24;
		long unansweredAtKill = gateway.ledger().generated().size() - this.bed.costEntries(runId).size();
		System.out.printf(
				"kill test: %d calls for 24 rows; %d made again after a kill: %d answered but not yet in S3, "
						+ "%d still waiting for the gateway's answer; %d rows completed from S3 without a call%n",
				gateway.ledger().requests(), paidAgain, answeredNotStored, unansweredAtKill,
				recoveredFromStorage(runId));
		assertThat(callsPerPrompt).hasSize(24);
		assertThat(answeredNotStored).isNotNegative();
		assertThat(unansweredAtKill).isNotNegative();
		assertThat(paidAgain).isEqualTo(answeredNotStored + unansweredAtKill).isLessThanOrEqualTo(3 * 4);
	}

	@Test
	void anImageStoredBeforeTheProcessDiedIsCompletedFromS3WithoutCallingAgain() {
		// given: the gateway answers, the image is stored and the cost recorded, but the
		// process dies before recording the item: simulate by putting the item back in
		// flight after a completed run
		GatewaySimulator gateway = this.bed.gateway("once", (settings) -> settings);
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(3, "dall-e-2", "256x256", "b64_json").toString());
		String runId = generate.runId();
		pretendTheProcessDiedBeforeRecordingItsItems(runId);
		long callsBefore = gateway.ledger().requests();
		this.bed.property("logging.level.io.imagebatch.run", "DEBUG");

		// when
		CliInvocation restarted = this.bed.cli("restart", runId);

		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().requests()).isEqualTo(callsBefore);
		assertThat(this.bed.itemsByStatus(runId)).as(restarted.toString()).containsExactly(Map.entry("SUCCEEDED", 3L));
		assertThat(this.bed.costEntries(runId)).hasSize(3);
		assertThat(recoveredFromStorage(runId))
			.as(this.bed.jdbc()
				.sql("SELECT image.* FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
				.param(runId)
				.query()
				.listOfRows()
				.toString())
			.isEqualTo(3);
	}

	@Test
	void aCallAnsweredWithUrlsBeforeTheProcessDiedIsDownloadedOnRestartWithoutCallingAgain() {
		// given: the gateway answered with URLs (and the cost was recorded), but the
		// process died before any image reached S3
		GatewaySimulator gateway = this.bed.gateway("urls", (settings) -> settings);
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(2, "dall-e-2", "256x256", "url").toString(),
				"--n", "2");
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		String runId = generate.runId();
		List<String> keys = this.bed.jdbc()
			.sql("SELECT object_key FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(runId)
			.query(String.class)
			.list();
		keys.forEach((key) -> this.bed.s3().deleteObject((request) -> request.bucket(BUCKET).key(key)));
		pretendTheProcessDiedBeforeRecordingItsItems(runId);
		long callsBefore = gateway.ledger().requests();

		// when
		CliInvocation restarted = this.bed.cli("restart", runId);

		// then: no new call; the images were fetched from the URLs the dead process had
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().requests()).isEqualTo(callsBefore);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 2L));
		assertThat(this.bed.costEntries(runId)).hasSize(2);
		Set<String> produced = gateway.ledger()
			.generated()
			.stream()
			.map(GeneratedRecord::sha256)
			.collect(Collectors.toSet());
		for (String key : keys) {
			byte[] bytes = this.bed.s3().getObjectAsBytes((request) -> request.bucket(BUCKET).key(key)).asByteArray();
			assertThat(Sha256.hex(bytes)).isIn(produced);
		}
		assertThat(this.bed.jdbc()
			.sql("SELECT origin FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(runId)
			.query(String.class)
			.list()).hasSize(4).containsOnly("url");
	}

	@Test
	void sigtermStopsTheRunGracefullyAndRestartFinishesIt() {
		// given
		GatewaySimulator gateway = this.bed.gateway("steady",
				(settings) -> settings.withLatency(Duration.ofMillis(400), Duration.ZERO));
		ChildImagebatch child = ChildImagebatch.start(this.temp, this.bed.properties(), "generate",
				this.bed.rows(30, "dall-e-2", "256x256", "b64_json").toString(), "--concurrency", "3");
		String runId = child.runId();
		awaitImages(gateway, 3, child);

		// when
		child.terminate();

		// then: STOPPED, nothing left in flight, calls in flight were stored
		assertThat(this.bed.run(runId)).as(child.stderr()).containsEntry("status", "STOPPED");
		Map<String, Long> stopped = this.bed.itemsByStatus(runId);
		assertThat(stopped).doesNotContainKey("IN_FLIGHT").containsKey("PENDING");
		assertThat(stopped.get("SUCCEEDED")).isEqualTo(gateway.ledger().imagesGenerated());

		// when
		CliInvocation restarted = this.bed.cli("restart", runId);

		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 30L));
		assertThat(gateway.ledger().requests()).isEqualTo(30);
	}

	@Test
	void stopFromAnotherProcessEndsTheRunStoppedAndRestartContinuesIt() throws Exception {
		// given
		GatewaySimulator gateway = this.bed.gateway("steady",
				(settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ZERO));
		CompletableFuture<CliInvocation> running = this.bed.cliInBackground("generate",
				this.bed.rows(30, "dall-e-2", "256x256", "b64_json").toString(), "--concurrency", "2");
		while (gateway.ledger().imagesGenerated() < 2 && !running.isDone()) {
			Polling.pause();
		}
		String runId = this.bed.latestRunId();

		// when
		CliInvocation stop = this.bed.cli("stop", runId);
		CliInvocation stopped = running.get(60, TimeUnit.SECONDS);

		// then
		assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(Cli.OK);
		assertThat(stopped.exitCode()).isEqualTo(Cli.RUN_FAILED);
		assertThat(this.bed.run(runId)).containsEntry("status", "STOPPED");
		assertThat(this.bed.itemsByStatus(runId)).doesNotContainKey("IN_FLIGHT").containsKey("PENDING");
		assertThat(this.bed.cli("stop", runId).exitCode()).as("a stopped run cannot be stopped again")
			.isEqualTo(Cli.USAGE);

		// when
		CliInvocation restarted = this.bed.cli("restart", runId);

		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.doesNotHaveDuplicates()
			.hasSize(30);
	}

	@Test
	void aRunningRunWhoseProcessIsAliveCannotBeRestarted() throws Exception {
		// given
		GatewaySimulator gateway = this.bed.gateway("steady",
				(settings) -> settings.withLatency(Duration.ofMillis(300), Duration.ZERO));
		CompletableFuture<CliInvocation> running = this.bed.cliInBackground("generate",
				this.bed.rows(12, "dall-e-2", "256x256", "b64_json").toString(), "--concurrency", "1");
		while (gateway.ledger().imagesGenerated() < 1 && !running.isDone()) {
			Polling.pause();
		}
		String runId = this.bed.latestRunId();

		// when
		CliInvocation restart = this.bed.cli("restart", runId);

		// then
		assertThat(restart.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(restart.err()).contains("is alive").contains("stop " + runId);
		assertThat(running.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(Cli.OK);
	}

	/**
	 * As a run looks when its process died after its calls were answered and stored but
	 * before their items were recorded: items in flight, no image rows, the run RUNNING
	 * with a stale heartbeat, and Spring Batch's generate step still STARTED.
	 */
	private void pretendTheProcessDiedBeforeRecordingItsItems(String runId) {
		this.bed.jdbc()
			.sql("DELETE FROM image WHERE item_id IN (SELECT id FROM item WHERE run_id = ?)")
			.param(runId)
			.update();
		this.bed.jdbc().sql("UPDATE item SET status = 'IN_FLIGHT' WHERE run_id = ?").param(runId).update();
		this.bed.jdbc().sql("UPDATE run SET status = 'RUNNING' WHERE id = ?").param(runId).update();
		// as Spring Batch saw it when the process died: the generate step running, no
		// finish
		long execution = this.bed.jdbc()
			.sql("SELECT MAX(job_execution_id) FROM batch_job_execution_params WHERE parameter_name = 'run' "
					+ "AND parameter_value = ?")
			.param(runId)
			.query(Long.class)
			.single();
		this.bed.jdbc()
			.sql("UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = ?")
			.param(execution)
			.update();
		this.bed.jdbc()
			.sql("UPDATE batch_step_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = ? "
					+ "AND step_name = 'generate'")
			.param(execution)
			.update();
		this.bed.jdbc()
			.sql("DELETE FROM batch_step_execution_context WHERE step_execution_id IN (SELECT step_execution_id "
					+ "FROM batch_step_execution WHERE job_execution_id = ? AND step_name = 'finish')")
			.param(execution)
			.update();
		this.bed.jdbc()
			.sql("DELETE FROM batch_step_execution WHERE job_execution_id = ? AND step_name = 'finish'")
			.param(execution)
			.update();
	}

	private long recoveredFromStorage(String runId) {
		return this.bed.jdbc()
			.sql("SELECT COUNT(*) FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ? "
					+ "AND image.origin = ?")
			.params(runId, AnsweredCallRecovery.RECOVERED)
			.query(Long.class)
			.single();
	}

	private static void awaitImages(GatewaySimulator gateway, long images, ChildImagebatch child) {
		while (gateway.ledger().imagesGenerated() < images) {
			if (!child.isAlive()) {
				throw new AssertionError("the child ended early; stderr:\n" + child.stderr());
			}
			Polling.pause();
		}
	}

}
