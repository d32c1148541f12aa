package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error class of DESIGN §4 provoked at a real (simulated) gateway over HTTP, ending
 * in the right item and run status.
 */
class GatewayFaultsIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, "fault-tests");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void hundredsOfCallsOverlapOnAPoolOfTenConnectionsWithoutAChunkBarrier() {
		// given: two-second calls, 200 allowed in flight, ten database connections
		GatewaySimulator gateway = this.bed.gateway("slow",
				(settings) -> settings.withLatency(Duration.ofSeconds(2), Duration.ZERO));
		this.bed.property("imagebatch.gateways.slow.max-concurrency", "200");
		this.bed.property("spring.datasource.hikari.maximum-pool-size", "10");

		// when
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(400, "dall-e-2", "256x256", "b64_json").toString(), "--concurrency", "200");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(generate.runId())).containsExactly(Map.entry("SUCCEEDED", 400L));
		assertThat(gateway.ledger().peakInFlight()).as("calls in flight at once").isGreaterThan(150);
	}

	@Test
	void withoutConcurrencyARunFillsWhatTheGatewayIsConfiguredFor() {
		// given: one-second calls, 20 allowed in flight, no --concurrency
		GatewaySimulator gateway = this.bed.gateway("wide",
				(settings) -> settings.withLatency(Duration.ofSeconds(1), Duration.ZERO));
		this.bed.property("imagebatch.gateways.wide.max-concurrency", "20");

		// when
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(60, "dall-e-2", "256x256", "b64_json").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(generate.runId())).containsExactly(Map.entry("SUCCEEDED", 60L));
		assertThat(gateway.ledger().peakInFlight()).as("calls in flight at once").isGreaterThan(8);
	}

	@Test
	void serverErrorsAreRetriedAndThenFailTheItemAsTransient() {
		// given
		GatewaySimulator gateway = this.bed.gateway("flaky", (settings) -> settings.withErrorRate(1.0));
		this.bed.property("imagebatch.run.max-attempts", "3");

		// when
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(1, "dall-e-2", "256x256", "b64_json").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Map<String, Object> item = this.bed.item(generate.runId(), "row-1");
		assertThat(item).containsEntry("status", "FAILED")
			.containsEntry("error_type", "TRANSIENT")
			.containsEntry("attempts", 3);
		assertThat(gateway.ledger().serverErrors()).isEqualTo(3);
		assertThat(this.bed.costEntries(generate.runId())).isEmpty();
	}

	@Test
	void droppedConnectionsAreRetriedUntilEveryItemSucceedsOnce() {
		// given
		GatewaySimulator gateway = this.bed.gateway("dropping", (settings) -> settings.withDropRate(0.4).withSeed(7L));
		this.bed.property("imagebatch.run.max-attempts", "10");

		// when
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(8, "dall-e-2", "256x256", "b64_json").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().dropped()).isPositive();
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::prompt).doesNotHaveDuplicates().hasSize(8);
	}

	@Test
	void aRateLimitStormIsWaitedOutWithoutLosingOrDuplicatingAnything() {
		// given: the gateway allows 120 requests a minute with a burst of 2; imagebatch
		// is told nothing about it, and sends 8 at a time. imagebatch paces itself by the
		// allowance the gateway reports, so whether the limit alone provokes a 429
		// depends
		// on how the first calls overlap: the storm also answers a share of calls 429 at
		// random (seeded, so it always does)
		GatewaySimulator gateway = this.bed.gateway("strict",
				(settings) -> settings.withRequestsPerMinute(120)
					.withRateLimitBurst(2)
					.withThrottling(0.25, Duration.ofMillis(200))
					.withSeed(14L));

		// when
		CliInvocation generate = this.bed.cli("generate",
				this.bed.rows(12, "dall-e-2", "256x256", "b64_json").toString(), "--concurrency", "8");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().rateLimited()).as("429s provoked").isPositive();
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.doesNotHaveDuplicates()
			.hasSize(12);
		List<Integer> attempts = this.bed.jdbc()
			.sql("SELECT attempts FROM item WHERE run_id = ?")
			.param(generate.runId())
			.query(Integer.class)
			.list();
		assertThat(attempts).as("429s never count as attempts").containsOnly(1);
	}

	@Test
	void anExpiredUrlFailsTheItemButKeepsWhatTheCallCost() {
		// given: URLs that are gone a microsecond after the answer
		this.bed.gateway("expiring", (settings) -> settings.withUrlLifetime(Duration.ofNanos(1000)));

		// when
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(1, "dall-e-3", "1024x1024", "url").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(this.bed.item(generate.runId(), "row-1")).containsEntry("status", "FAILED")
			.containsEntry("error_type", "EXPIRED");
		assertThat(this.bed.costEntries(generate.runId())).singleElement()
			.satisfies((entry) -> assertThat((BigDecimal) entry.get("usd")).isEqualByComparingTo("0.04"));
	}

	@Test
	void imagesFromOriginsThatAreNotAllowedAreNeverRequested() {
		// given: the gateway is called as localhost, its image URLs name 127.0.0.1:
		// another origin
		GatewaySimulator gateway = this.bed.gateway("elsewhere", (settings) -> settings);
		this.bed.property("imagebatch.gateways.elsewhere.base-url",
				"http://localhost:" + gateway.baseUri().getPort() + "/v1");
		this.bed.property("imagebatch.gateways.elsewhere.download-allowed-hosts", "images.example.com");

		// when
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(1, "dall-e-2", "256x256", "url").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Map<String, Object> item = this.bed.item(generate.runId(), "row-1");
		assertThat(item).containsEntry("status", "FAILED").containsEntry("error_code", "download_host_not_allowed");
		assertThat((String) item.get("error_message")).contains("127.0.0.1").contains("nothing was requested");
		assertThat(gateway.ledger().downloads()).isZero();
		assertThat(this.bed.costEntries(generate.runId())).hasSize(1);
	}

	@Test
	void aGatewayWithoutBaseUrlStopsTheStartWithAMessageBeforeAnyRunExists() {
		// given
		this.bed.property("imagebatch.gateways.forgotten.api-key", "sk-forgotten-0123456789");

		// when
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(1, "dall-e-2", "256x256", "url").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat(generate.err()).contains("imagebatch.gateways.forgotten").contains("base-url is not set");
		assertThat(generate.err()).as("no run was announced").doesNotContainPattern("(?m)^Run \\S+:");
	}

	@Test
	void aStopDoesNotWaitOutTheRetryBudgetOfCallsThatKeepFailing() throws Exception {
		// given: a gateway that always fails, and an hour to keep retrying
		GatewaySimulator gateway = this.bed.gateway("down", (settings) -> settings.withErrorRate(1.0));
		this.bed.property("imagebatch.run.retry-budget", "1h");
		CompletableFuture<CliInvocation> running = this.bed.cliInBackground("generate",
				this.bed.rows(2, "dall-e-2", "256x256", "b64_json").toString());
		while (gateway.ledger().serverErrors() < 4 && !running.isDone()) {
			Polling.pause();
		}
		String runId = this.bed.latestRunId();

		// when
		CliInvocation stop = this.bed.cli("stop", runId);
		CliInvocation stopped = running.get(60, TimeUnit.SECONDS);

		// then: the retrying items went back to the queue, untouched by the budget
		assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(Cli.OK);
		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat(this.bed.run(runId)).containsEntry("status", "STOPPED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("PENDING", 2L));
	}

	@Test
	void theGatewaysOwnOriginIsAllowedBesideTheListedOnes() {
		// given
		this.bed.gateway("listing", (settings) -> settings);
		this.bed.property("imagebatch.gateways.listing.download-allowed-hosts", "images.example.com");

		// when
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(1, "dall-e-2", "256x256", "url").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
	}

	@Test
	void aKeyRevokedMidRunStopsTheRunAtOnceAndRestartContinuesAfterTheFix() throws Exception {
		// given: a slow gateway that will stop accepting the key after two images
		GatewaySimulator gateway = this.bed.gateway("revoking",
				(settings) -> settings.withLatency(Duration.ofMillis(150), Duration.ZERO));
		Path csv = this.bed.rows(8, "dall-e-2", "256x256", "b64_json");
		var running = this.bed.cliInBackground("generate", csv.toString(), "--concurrency", "1");
		while (gateway.ledger().imagesGenerated() < 2 && !running.isDone()) {
			Polling.pause();
		}
		gateway.reconfigure((settings) -> settings.withApiKeys(List.of("sk-rotated-0123456789abcdef")));

		// when
		CliInvocation failed = running.get(60, TimeUnit.SECONDS);

		// then: FAILED with the reason, settled items kept, the rest untouched and
		// PENDING
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(Cli.RUN_FAILED);
		String runId = failed.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "FAILED");
		assertThat((String) this.bed.run(runId).get("status_reason")).contains("401").contains("restart");
		Map<String, Long> before = this.bed.itemsByStatus(runId);
		assertThat(before).doesNotContainKeys("FAILED", "IN_FLIGHT");
		assertThat(before.get("PENDING")).isPositive();
		assertThat(failed.out() + failed.err()).doesNotContain("sk-rotated-0123456789abcdef")
			.doesNotContain(GatewayTestBed.API_KEY);

		// when the key is fixed and the run restarted
		this.bed.property("imagebatch.gateways.revoking.api-key", "sk-rotated-0123456789abcdef");
		CliInvocation restarted = this.bed.cli("restart", runId);

		// then every row ended exactly once
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 8L));
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::prompt).doesNotHaveDuplicates().hasSize(8);
	}

	@Test
	void runningOutOfCreditOrPermissionStopsTheRunAsFailed() {
		// given
		this.bed.gateway("broke", (settings) -> settings.withCreditImages(1));
		this.bed.gateway("forbidden", (settings) -> settings.withForbiddenKeys(List.of(GatewayTestBed.API_KEY)));
		Path csv = this.bed.rows(4, "dall-e-2", "256x256", "b64_json");

		// when
		CliInvocation broke = this.bed.cli("generate", csv.toString(), "--gateway", "broke", "--concurrency", "1");
		CliInvocation forbidden = this.bed.cli("generate", csv.toString(), "--gateway", "forbidden");

		// then
		assertThat(broke.exitCode()).as(broke.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat((String) this.bed.run(broke.runId()).get("status_reason")).contains("402");
		assertThat(this.bed.itemsByStatus(broke.runId())).containsEntry("SUCCEEDED", 1L).containsEntry("PENDING", 3L);
		assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(Cli.RUN_FAILED);
		assertThat((String) this.bed.run(forbidden.runId()).get("status_reason")).contains("403");
		assertThat(this.bed.itemsByStatus(forbidden.runId())).containsExactly(Map.entry("PENDING", 4L));
	}

	@Test
	void theBudgetStopsTheRunBeforeTheCallThatWouldPassItAndRestartCanRaiseIt() {
		// given: dall-e-3 standard square costs $0.04; the budget allows two calls
		GatewaySimulator gateway = this.bed.gateway("paid", (settings) -> settings);
		Path csv = this.bed.rows(5, "dall-e-3", "1024x1024", "b64_json");

		// when
		CliInvocation stopped = this.bed.cli("generate", csv.toString(), "--budget-usd", "0.10", "--concurrency", "1");

		// then
		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(Cli.RUN_FAILED);
		String runId = stopped.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "STOPPED");
		assertThat((String) this.bed.run(runId).get("status_reason")).contains("budget");
		assertThat(gateway.ledger().requests()).isEqualTo(2);
		assertThat(this.bed.itemsByStatus(runId)).containsEntry("SUCCEEDED", 2L).containsEntry("PENDING", 3L);

		// when the budget is raised
		CliInvocation restarted = this.bed.cli("restart", runId, "--budget-usd", "1");

		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().requests()).isEqualTo(5);
		BigDecimal spent = this.bed.costEntries(runId)
			.stream()
			.map((entry) -> (BigDecimal) entry.get("usd"))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(spent).isEqualByComparingTo("0.20");
	}

}
