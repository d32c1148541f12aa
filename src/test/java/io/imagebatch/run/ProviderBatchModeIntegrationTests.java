package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Batch-mode runs end to end against the simulator's Batch API over HTTP: the same items
 * and images as a synchronous run at half the price, per-line failures, expiry, a process
 * killed while the provider works, {@code stop}, and files split at their limits.
 */
class ProviderBatchModeIntegrationTests {

	private static final String BUCKET = "batch-mode-tests";

	private static final String MIXED = """
			id,prompt,model,size,quality,n,response_format
			apple,A red apple on a white plate,dall-e-2,256x256,,1,url
			pears,Two green pears in a bowl,dall-e-2,512x512,,2,b64_json
			sprite,A game sprite of a small robot,gpt-image-1,1024x1024,low,1,
			banner,A banner with mountains at dawn,gpt-image-1,1536x1024,medium,1,
			chat-cat,A cat drawn in ink,gemini-2.5-flash-image-generation,,,1,
			refused,A forbidden picture #reject,dall-e-2,256x256,,1,
			empty,,dall-e-2,256x256,,1,
			""";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
		this.bed.property("imagebatch.gateways.sim.batch.poll-interval", "50ms")
			.property("imagebatch.gateways.sim.batch.max-poll-interval", "200ms");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void mixedRowsInBatchModeEndAsInSyncModeWithTheSameImagesAtHalfTheCost() {
		GatewaySimulator gateway = this.bed.gateway("sim", (settings) -> settings);
		Path csv = this.bed.csv(MIXED);

		CliInvocation sync = this.bed.cli("generate", csv.toString(), "--mode", "sync");
		CliInvocation batch = this.bed.cli("generate", csv.toString(), "--mode", "batch");

		// the same outcome: 1 rejected by the gateway, 1 invalid, the rest succeeded
		assertThat(batch.exitCode()).as(batch.toString()).isEqualTo(sync.exitCode()).isEqualTo(Cli.ITEMS_FAILED);
		String syncRun = sync.runId();
		String batchRun = batch.runId();
		assertThat(this.bed.run(batchRun)).containsEntry("mode", "batch");
		assertThat(this.bed.statusById(batchRun)).isEqualTo(this.bed.statusById(syncRun))
			.containsEntry("apple", "SUCCEEDED")
			.containsEntry("chat-cat", "SUCCEEDED")
			.containsEntry("refused", "FAILED")
			.containsEntry("empty", "INVALID");
		assertThat(this.bed.item(batchRun, "refused")).containsEntry("error_type", "REJECTED")
			.containsEntry("error_code", this.bed.item(syncRun, "refused").get("error_code"));
		// the same images per item, each one the simulator made, stored where a
		// synchronous answer's would be
		assertThat(imagesPerItem(batchRun)).isEqualTo(imagesPerItem(syncRun)).containsEntry("pears", 2L);
		assertStoredImagesAreTheSimulators(gateway, batchRun);
		// half the cost, call by call
		Map<String, BigDecimal> syncCost = costPerItem(syncRun);
		Map<String, BigDecimal> batchCost = costPerItem(batchRun);
		assertThat(batchCost.keySet()).isEqualTo(syncCost.keySet()).hasSize(5);
		syncCost.forEach((item, usd) -> assertThat(batchCost.get(item)).as(item)
			.isCloseTo(usd.divide(BigDecimal.TWO), org.assertj.core.data.Offset.offset(new BigDecimal("0.000001"))));
		assertThat(this.bed.jdbc()
			.sql("SELECT DISTINCT mode FROM cost_entry WHERE run_id = ?")
			.param(batchRun)
			.query(String.class)
			.list()).containsExactly("batch");
		// one batch per endpoint, its files deleted at the provider afterwards
		List<Map<String, Object>> parts = parts(batchRun);
		assertThat(parts).extracting((part) -> part.get("endpoint"))
			.containsExactlyInAnyOrder("/v1/images/generations", "/v1/chat/completions");
		assertThat(parts).allSatisfy((part) -> assertThat(part).containsEntry("state", "ENDED")
			.containsEntry("provider_status", "completed")
			.containsEntry("files_deleted", true));
		assertThat(gateway.batchCounts().batchesCreated()).isEqualTo(2);
		assertThat(gateway.batchCounts().filesUploaded()).isEqualTo(2);
	}

	@Test
	void linesTheProviderFailsBecomeFailedItemsWithTheProvidersWordsAndAreResubmittable() {
		GatewaySimulator gateway = this.bed.gateway("sim", (settings) -> settings.withErrorRate(1.0));
		Path csv = this.bed.rows(4, "dall-e-2", "256x256", "b64_json");

		CliInvocation batch = this.bed.cli("generate", csv.toString(), "--mode", "batch");

		assertThat(batch.exitCode()).as(batch.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = batch.runId();
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("FAILED", 4L));
		Map<String, Object> failed = this.bed.item(runId, "row-1");
		assertThat(failed).containsEntry("error_type", "TRANSIENT");
		assertThat((String) failed.get("error_code")).isNotBlank();
		assertThat((String) failed.get("error_message")).isNotBlank();
		assertThat(gateway.ledger().generated()).isEmpty();

		// resubmitted once the provider behaves, in either mode: every item succeeds
		gateway.reconfigure((settings) -> settings.withErrorRate(0));
		CliInvocation inBatch = this.bed.cli("resubmit", runId, "--error-type", "TRANSIENT", "--item", "row-1",
				"--item", "row-2");
		assertThat(inBatch.exitCode()).as(inBatch.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.run(inBatch.runId())).as("the parent's mode").containsEntry("mode", "batch");
		assertThat(this.bed.itemsByStatus(inBatch.runId())).containsExactly(Map.entry("SUCCEEDED", 2L));
		CliInvocation inSync = this.bed.cli("resubmit", runId, "--item", "row-3", "--item", "row-4", "--mode", "sync");
		assertThat(inSync.exitCode()).as(inSync.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.run(inSync.runId())).containsEntry("mode", "sync");
		assertThat(this.bed.itemsByStatus(inSync.runId())).containsExactly(Map.entry("SUCCEEDED", 2L));
		assertThat(gateway.batchCounts().batchesCreated()).as("the first run's and the batch resubmission's")
			.isEqualTo(2);
	}

	@Test
	void anExpiredBatchKeepsWhatItFinishedAndItsOtherItemsGoIntoTheNextBatch() {
		GatewaySimulator gateway = this.bed.gateway("sim", (settings) -> settings.withBatchExpireAfterLines(3));
		Path csv = this.bed.rows(5, "dall-e-2", "256x256", "b64_json");

		CliInvocation batch = this.bed.cli("generate", csv.toString(), "--mode", "batch");

		assertThat(batch.exitCode()).as(batch.toString()).isEqualTo(Cli.OK);
		String runId = batch.runId();
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 5L));
		List<Map<String, Object>> parts = parts(runId);
		assertThat(parts).extracting((part) -> part.get("provider_status")).containsExactly("expired", "completed");
		assertThat(parts).extracting((part) -> part.get("lines")).containsExactly(5, 2);
		// nothing was generated twice: the expired batch's three results were kept
		assertThat(gateway.ledger().generated()).hasSize(5);
		assertThat(this.bed.jdbc()
			.sql("SELECT COUNT(*) FROM item WHERE run_id = ? AND attempts = 2")
			.param(runId)
			.query(Long.class)
			.single()).as("the two items that waited through the expiry count it as an attempt").isEqualTo(2);
		assertStoredImagesAreTheSimulators(gateway, runId);
	}

	@Test
	void aProcessKilledWhileTheProviderWorksIsContinuedByRestartWithoutASecondUploadOrBatch() {
		GatewaySimulator gateway = this.bed.gateway("sim",
				(settings) -> settings.withBatchProcessingTime(Duration.ofSeconds(4)));
		Path csv = this.bed.rows(6, "dall-e-2", "256x256", "b64_json");
		ChildImagebatch first = ChildImagebatch.start(this.temp, this.bed.properties(), "generate", csv.toString(),
				"--mode", "batch");
		String runId = first.runId();
		Polling.until(Duration.ofSeconds(60),
				() -> parts(runId).stream().anyMatch((part) -> "SUBMITTED".equals(part.get("state"))),
				() -> "the batch to be submitted: " + parts(runId));
		first.kill();

		CliInvocation restarted = this.bed.cli("restart", runId);

		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 6L));
		assertThat(gateway.batchCounts().filesUploaded()).isEqualTo(1);
		assertThat(gateway.batchCounts().batchesCreated()).isEqualTo(1);
		assertThat(gateway.ledger().generated()).hasSize(6);
		assertThat(this.bed.costEntries(runId)).hasSize(6);
	}

	@Test
	void stopCancelsTheProvidersBatchAndRestartSendsWhatItDidNotFinish() {
		GatewaySimulator gateway = this.bed.gateway("sim",
				(settings) -> settings.withBatchProcessingTime(Duration.ofMinutes(5)));
		Path csv = this.bed.rows(3, "dall-e-2", "256x256", "b64_json");
		long runsBefore = this.bed.runCount();
		var generate = this.bed.cliInBackground("generate", csv.toString(), "--mode", "batch");
		Polling.until(Duration.ofSeconds(60), () -> this.bed.runCount() > runsBefore
				&& parts(this.bed.latestRunId()).stream().anyMatch((part) -> "SUBMITTED".equals(part.get("state"))),
				() -> "a batch to be submitted");
		String runId = this.bed.latestRunId();

		CliInvocation stop = this.bed.cli("stop", runId);

		assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(Cli.OK);
		CliInvocation stopped = generate.join();
		assertThat(this.bed.run(runId)).as(stopped.toString()).containsEntry("status", "STOPPED");
		assertThat(gateway.batchCounts().batchesCancelled()).isEqualTo(1);
		assertThat(parts(runId)).singleElement()
			.satisfies((part) -> assertThat(part).containsEntry("provider_status", "cancelled")
				.containsEntry("cancel_requested", true));
		// what the provider finished before the cancel is kept; the rest waits for a
		// restart
		Map<String, Long> byStatus = this.bed.itemsByStatus(runId);
		assertThat(byStatus.keySet()).isSubsetOf(Set.of("SUCCEEDED", "PENDING"));
		assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
		assertThat(byStatus.getOrDefault("SUCCEEDED", 0L)).isEqualTo(gateway.ledger().generated().size());

		gateway.reconfigure((settings) -> settings.withBatchProcessingTime(Duration.ZERO));
		CliInvocation restarted = this.bed.cli("restart", runId);
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 3L));
		assertThat(gateway.ledger().generated()).hasSize(3);
	}

	@Test
	void aBudgetTakesOnlyTheItemsItCoversAtBatchPricesAndRestartWithMoreTakesTheRest() {
		GatewaySimulator gateway = this.bed.gateway("sim", (settings) -> settings);
		Path csv = this.bed.rows(5, "dall-e-2", "256x256", "b64_json");

		// $0.016 an image synchronously, $0.008 in a batch: $0.025 covers three
		CliInvocation batch = this.bed.cli("generate", csv.toString(), "--mode", "batch", "--budget-usd", "0.025");

		String runId = batch.runId();
		assertThat(this.bed.run(runId)).as(batch.toString()).containsEntry("status", "STOPPED");
		assertThat((String) this.bed.run(runId).get("status_reason")).startsWith("budget reached");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("PENDING", 2L), Map.entry("SUCCEEDED", 3L));
		assertThat(parts(runId)).extracting((part) -> part.get("lines")).containsExactly(3);
		assertThat(gateway.ledger().generated()).hasSize(3);

		CliInvocation restarted = this.bed.cli("restart", runId, "--budget-usd", "1");

		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 5L));
		assertThat(parts(runId)).extracting((part) -> part.get("lines")).containsExactly(3, 2);
		assertThat(this.bed.run(runId).get("committed_usd")).isEqualTo(new BigDecimal("0.040000"));
	}

	@Test
	void inputFilesAreSplitAtTheConfiguredLinesAndBytes() {
		GatewaySimulator gateway = this.bed.gateway("sim", (settings) -> settings);
		this.bed.property("imagebatch.gateways.sim.batch.max-lines", "2");
		Path csv = this.bed.rows(5, "dall-e-2", "256x256", "b64_json");

		CliInvocation byLines = this.bed.cli("generate", csv.toString(), "--mode", "batch");

		assertThat(byLines.exitCode()).as(byLines.toString()).isEqualTo(Cli.OK);
		assertThat(parts(byLines.runId())).extracting((part) -> part.get("lines")).containsExactly(2, 2, 1);
		assertThat(this.bed.itemsByStatus(byLines.runId())).containsExactly(Map.entry("SUCCEEDED", 5L));

		// by size: each line is about 150 bytes, so 400 bytes take two of them; and the
		// gateway's own mode, with no --mode given
		this.bed.property("imagebatch.gateways.sim.batch.max-lines", "50000")
			.property("imagebatch.gateways.sim.batch.max-file-size", "400B")
			.property("imagebatch.gateways.sim.mode", "batch");
		CliInvocation bySize = this.bed.cli("generate", csv.toString());

		assertThat(bySize.exitCode()).as(bySize.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.run(bySize.runId())).containsEntry("mode", "batch");
		List<Map<String, Object>> parts = parts(bySize.runId());
		assertThat(parts).hasSizeGreaterThan(1)
			.allSatisfy((part) -> assertThat(((Number) part.get("bytes")).longValue()).isLessThanOrEqualTo(400));
		assertThat(parts.stream().mapToInt((part) -> (Integer) part.get("lines")).sum()).isEqualTo(5);
		assertThat(gateway.batchCounts().batchesCreated()).isEqualTo(3 + parts.size());
	}

	private List<Map<String, Object>> parts(String runId) {
		return this.bed.jdbc()
			.sql("SELECT * FROM provider_batch WHERE run_id = ? ORDER BY part")
			.param(runId)
			.query()
			.listOfRows();
	}

	private Map<String, Long> imagesPerItem(String runId) {
		Map<String, Long> images = new HashMap<>();
		this.bed.jdbc()
			.sql("SELECT item.external_id, COUNT(*) FROM image JOIN item ON item.id = image.item_id "
					+ "WHERE item.run_id = ? GROUP BY item.external_id")
			.param(runId)
			.query((rs, row) -> images.put(rs.getString(1), rs.getLong(2)))
			.list();
		return images;
	}

	private Map<String, BigDecimal> costPerItem(String runId) {
		Map<String, BigDecimal> costs = new HashMap<>();
		this.bed.jdbc()
			.sql("SELECT item.external_id, SUM(cost_entry.usd) FROM cost_entry JOIN item ON item.id = cost_entry.item_id "
					+ "WHERE cost_entry.run_id = ? GROUP BY item.external_id")
			.param(runId)
			.query((rs, row) -> costs.put(rs.getString(1), rs.getBigDecimal(2)))
			.list();
		return costs;
	}

	private void assertStoredImagesAreTheSimulators(GatewaySimulator gateway, String runId) {
		Set<String> produced = gateway.ledger()
			.generated()
			.stream()
			.map(GeneratedRecord::sha256)
			.collect(Collectors.toSet());
		List<Map<String, Object>> images = this.bed.jdbc()
			.sql("SELECT image.object_key, image.sha256 FROM image JOIN item ON item.id = image.item_id "
					+ "WHERE item.run_id = ?")
			.param(runId)
			.query()
			.listOfRows();
		assertThat(images).isNotEmpty();
		for (Map<String, Object> image : images) {
			byte[] bytes = this.bed.s3()
				.getObjectAsBytes((request) -> request.bucket(BUCKET).key((String) image.get("object_key")))
				.asByteArray();
			assertThat(Sha256.hex(bytes)).isEqualTo(image.get("sha256")).isIn(produced);
		}
	}

}
