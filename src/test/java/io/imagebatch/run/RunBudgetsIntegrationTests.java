package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.TestInfrastructure;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's budget, its in-flight cap and its items' leases, held in real PostgreSQL where
 * every worker sees them: calls reserving at once never pass the cap, claims at once
 * never pass the run's concurrency, and a dead worker's items and reservations come back.
 */
class RunBudgetsIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private RunRepository runs;

	private WorkQueue queue;

	private WorkerRepository workers;

	private JdbcClient jdbc;

	/** What the application's {@code @Transactional} proxy does around a claim. */
	private TransactionTemplate transactions;

	@BeforeEach
	void repositories() {
		this.bed = new GatewayTestBed(this.temp, "budget-tests");
		// any command migrates the schema, whichever test of the JVM runs first
		this.bed.cli("runs");
		DataSource dataSource = TestInfrastructure.get().dataSource();
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		JsonMapper json = JsonMapper.builder().build();
		this.runs = new RunRepository(this.jdbc, json, Clock.systemUTC());
		this.queue = new WorkQueue(this.jdbc, json, Clock.systemUTC());
		this.workers = new WorkerRepository(this.jdbc);
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	private List<Item> claim(String runId, String worker, int limit) {
		return this.transactions.execute((status) -> this.queue.claim(runId, worker, limit));
	}

	@Test
	void callsReservingAtOnceNeverPassTheCapAndASettledCallFreesWhatItDidNotSpend() throws Exception {
		// given: a $1.00 run with 20 items in flight
		Run run = aRunningRun(new BigDecimal("1.00"), 20, 20);
		List<Item> items = claim(run.id(), "worker-a", 20);
		RunBudgets.Budget budget = new RunBudgets(this.jdbc).of(run);

		// when: every call reserves $0.08 at the same moment
		List<Boolean> reserved = together(items.stream()
			.<Callable<Boolean>>map((item) -> () -> budget.tryReserve(item, new BigDecimal("0.08")))
			.toList());

		// then: 12 × 0.08 = 0.96 fits, a 13th would not
		assertThat(reserved).filteredOn(Boolean::booleanValue).hasSize(12);
		assertThat(budget.committed()).isEqualByComparingTo("0.96");

		// when: one call cost nothing, another cost more than its estimate
		List<Item> holding = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (reserved.get(i)) {
				holding.add(items.get(i));
			}
		}
		budget.settle(holding.get(0), new BigDecimal("0.08"), BigDecimal.ZERO);
		budget.settle(holding.get(1), new BigDecimal("0.08"), new BigDecimal("0.10"));
		budget.settle(holding.get(1), new BigDecimal("0.08"), new BigDecimal("0.10"));

		// then: settled once each; room for exactly what is left
		// (0.96 reserved - 2 × 0.08 + 0.10 spent)
		assertThat(budget.committed()).isEqualByComparingTo("0.90");
		Item unreserved = items.get(reserved.indexOf(false));
		assertThat(budget.tryReserve(unreserved, new BigDecimal("0.11"))).isFalse();
		assertThat(budget.tryReserve(unreserved, new BigDecimal("0.10"))).isTrue();
	}

	@Test
	void claimsAtOnceFromSeveralWorkersNeverPassTheRunsConcurrency() throws Exception {
		// given: a run of 50 items, 7 calls at a time
		Run run = aRunningRun(null, 50, 7);

		// when: eight workers claim up to 5 each at the same moment
		List<List<Item>> claims = together(List.of(1, 2, 3, 4, 5, 6, 7, 8)
			.stream()
			.<Callable<List<Item>>>map((worker) -> () -> claim(run.id(), "worker-" + worker, 5))
			.toList());

		// then
		assertThat(claims.stream().mapToInt(List::size).sum()).isEqualTo(7);
		assertThat(this.bed.itemsByStatus(run.id())).containsEntry("IN_FLIGHT", 7L).containsEntry("PENDING", 43L);
	}

	@Test
	void aDeadWorkersItemsGoBackForTheCheckAndItsReservationCountsAsSpentWhileALiveWorkersStay() {
		// given: two workers holding items of a run with a budget, one of them silent
		Run run = aRunningRun(new BigDecimal("5.00"), 4, 4);
		this.workers.register("worker-live", "worker");
		this.workers.register("worker-dead", "worker");
		List<Item> live = claim(run.id(), "worker-live", 2);
		List<Item> dead = claim(run.id(), "worker-dead", 2);
		RunBudgets.Budget budget = new RunBudgets(this.jdbc).of(run);
		dead.forEach((item) -> assertThat(budget.tryReserve(item, new BigDecimal("0.50"))).isTrue());
		this.jdbc.sql("UPDATE worker SET beat_at = now() - interval '1 minute' WHERE id = 'worker-dead'").update();

		// when
		List<String> declaredDead = this.workers.reap(Duration.ofSeconds(20));

		// then
		// (workers other tests killed may be declared dead with it)
		assertThat(declaredDead).contains("worker-dead").doesNotContain("worker-live");
		assertThat(this.bed.itemsByStatus(run.id())).containsEntry("IN_FLIGHT", 2L).containsEntry("PENDING", 2L);
		for (Item item : dead) {
			Map<String, Object> row = this.bed.item(run.id(), item.externalId());
			assertThat(row).containsEntry("status", "PENDING")
				.containsEntry("needs_check", true)
				.containsEntry("claimed_by", null);
		}
		for (Item item : live) {
			assertThat(this.bed.item(run.id(), item.externalId())).containsEntry("claimed_by", "worker-live");
		}
		assertThat(this.bed.run(run.id()).get("committed_usd")).isEqualTo(new BigDecimal("1.000000"));
		assertThat(this.bed.run(run.id()).get("reserved_usd")).isEqualTo(new BigDecimal("0.000000"));
		assertThat(this.workers.isLive("worker-live", Duration.ofSeconds(20))).isTrue();
		assertThat(this.workers.isLive("worker-dead", Duration.ofSeconds(20))).isFalse();
	}

	/** A RUNNING run with {@code items} PENDING items, as a load step leaves it. */
	private Run aRunningRun(@Nullable BigDecimal budget, int items, int concurrency) {
		String id = "budget-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		Run run = new Run(id, null, "rows.csv", "simulated", RunStatus.QUEUED, null, RowDefaults.NONE, budget,
				concurrency, null, Instant.now(), null, null, false, 0, null, null, CallMode.SYNC);
		this.runs.insert(run, null);
		this.runs.claim(this.runs.state(id).orElseThrow(), "owner", RunRepository.Claim.START, null);
		List<NewItem> rows = new ArrayList<>();
		for (int i = 1; i <= items; i++) {
			rows.add(new NewItem(id, "row-" + i, i, new ImageRequest("dall-e-2", "prompt " + i, 1, "256x256", null,
					null, null, null, null, null, null, null), "prompt " + i, "dall-e-2", null, Map.of()));
		}
		DataSource dataSource = TestInfrastructure.get().dataSource();
		new ItemRepository(JdbcClient.create(dataSource), new NamedParameterJdbcTemplate(dataSource),
				JsonMapper.builder().build(), Clock.systemUTC())
			.insertAll(rows);
		return run;
	}

	/**
	 * Runs the calls from threads released at the same moment; their results, in order.
	 */
	private <T> List<T> together(List<Callable<T>> calls) throws Exception {
		CyclicBarrier start = new CyclicBarrier(calls.size());
		List<Future<T>> futures = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(calls.size());
		try {
			for (Callable<T> call : calls) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
