package io.imagebatch.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.TestInfrastructure;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which rows are already done for a source, and the load step's writer that leaves them
 * out, against real PostgreSQL with runs and items set up directly: a run of the source
 * that is still active holds its PENDING and IN_FLIGHT rows, an ended one only its
 * SUCCEEDED ones.
 */
class DoneRowsIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private JdbcClient jdbc;

	private RunRepository runs;

	private ItemRepository items;

	private DoneRows doneRows;

	// runs of earlier test JVMs may share the database: the source is this test's own
	private final String source = "db:done-rows-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	@BeforeEach
	void repositories() {
		this.bed = new GatewayTestBed(this.temp, "done-rows-tests");
		// any command migrates the schema, whichever test of the JVM runs first
		this.bed.cli("runs");
		DataSource dataSource = TestInfrastructure.get().dataSource();
		this.jdbc = JdbcClient.create(dataSource);
		JsonMapper json = JsonMapper.builder().build();
		this.runs = new RunRepository(this.jdbc, json, Clock.systemUTC());
		this.items = new ItemRepository(this.jdbc, new NamedParameterJdbcTemplate(dataSource), json, Clock.systemUTC());
		this.doneRows = new DoneRows(this.jdbc);
	}

	/**
	 * The database outlives the test: runs it left RUNNING with PENDING items would be
	 * adopted by the workers of later tests.
	 */
	@AfterEach
	void close() {
		this.jdbc
			.sql("UPDATE run SET status = 'STOPPED' WHERE origin_source LIKE ? AND status IN ('QUEUED', 'RUNNING')")
			.param(this.source + "%")
			.update();
		this.bed.close();
	}

	@Test
	void rowsSucceededOrStillToDoInAnActiveRunOfTheSourceAreDoneAndNoOthers() {
		// given
		aRun(this.source, RunStatus.STOPPED).with("s1", ItemStatus.SUCCEEDED)
			.with("f1", ItemStatus.FAILED)
			.with("p1", ItemStatus.PENDING)
			.with("v1", ItemStatus.INVALID)
			.insert();
		Run running = aRun(this.source, RunStatus.RUNNING).with("p2", ItemStatus.PENDING)
			.with("i2", ItemStatus.IN_FLIGHT)
			.with("s2", ItemStatus.SUCCEEDED)
			.insert();
		aRun(this.source + "-other", RunStatus.COMPLETED).with("x", ItemStatus.SUCCEEDED).insert();
		List<String> asked = List.of("s1", "f1", "p1", "v1", "p2", "i2", "s2", "x", "new");

		// when
		Set<String> forAnEstimate = this.doneRows.among(this.source, null, asked);
		Set<String> forTheRunningRun = this.doneRows.among(this.source, running.id(), asked);

		// then
		assertThat(forAnEstimate).containsExactlyInAnyOrder("s1", "p2", "i2", "s2");
		assertThat(forTheRunningRun).containsExactly("s1");
	}

	@Test
	void theLoadStepLeavesOutRowsPendingInARunningRunOfTheSameSourceAndCountsThem() {
		// given: a run of the source at work, and a new run that skips done rows
		aRun(this.source, RunStatus.RUNNING).with("busy", ItemStatus.PENDING).insert();
		Run loading = aRun(this.source, RunStatus.RUNNING).skippingDone().insert();
		LoadedItemWriter writer = new LoadedItemWriter(loading, this.items, this.runs, this.doneRows);

		// when
		writer.write(
				new Chunk<>(pending(loading, "busy", 1), pending(loading, "new", 2), invalid(loading, "busy-too", 3)));

		// then
		assertThat(this.bed.statusById(loading.id())).isEqualTo(Map.of("new", "PENDING", "busy-too", "INVALID"));
		assertThat(this.runs.find(loading.id()).orElseThrow().rowsAlreadyDone()).isEqualTo(1);
	}

	@Test
	void theLoadStepOfARunWithoutSkipDoneLoadsEveryRow() {
		// given
		aRun(this.source, RunStatus.COMPLETED).with("done", ItemStatus.SUCCEEDED).insert();
		Run loading = aRun(this.source, RunStatus.RUNNING).insert();
		LoadedItemWriter writer = new LoadedItemWriter(loading, this.items, this.runs, this.doneRows);

		// when
		writer.write(new Chunk<>(pending(loading, "done", 1)));

		// then
		assertThat(this.bed.statusById(loading.id())).isEqualTo(Map.of("done", "PENDING"));
		assertThat(this.runs.find(loading.id()).orElseThrow().rowsAlreadyDone()).isZero();
	}

	private RunBuilder aRun(String source, RunStatus status) {
		return new RunBuilder(source, status);
	}

	private static NewItem pending(Run run, String id, long line) {
		return new NewItem(run.id(), id, line, ImageRequest.of("dall-e-2", "prompt " + id), "prompt " + id, "dall-e-2",
				null, Map.of());
	}

	private static NewItem invalid(Run run, String id, long line) {
		return new NewItem(run.id(), id, line, null, "prompt " + id, "dall-e-2", "invalid", Map.of());
	}

	/** A run of a source inserted as it stands, with items in the statuses given. */
	private final class RunBuilder {

		private final String source;

		private final RunStatus status;

		private final Map<String, ItemStatus> itemStatuses = new LinkedHashMap<>();

		private boolean skipDone;

		RunBuilder(String source, RunStatus status) {
			this.source = source;
			this.status = status;
		}

		RunBuilder with(String externalId, ItemStatus status) {
			this.itemStatuses.put(externalId, status);
			return this;
		}

		RunBuilder skippingDone() {
			this.skipDone = true;
			return this;
		}

		Run insert() {
			String id = "done-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
			Run run = new Run(id, null, this.source, "simulated", this.status, null, RowDefaults.NONE, null, 1, null,
					Instant.now(), null, null, this.skipDone, 0, null, null, CallMode.SYNC);
			DoneRowsIntegrationTests.this.runs.insert(run, null);
			long line = 1;
			for (Map.Entry<String, ItemStatus> item : this.itemStatuses.entrySet()) {
				DoneRowsIntegrationTests.this.items.insertAll(List.of(pending(run, item.getKey(), line++)));
				DoneRowsIntegrationTests.this.jdbc
					.sql("UPDATE item SET status = ? WHERE run_id = ? AND external_id = ?")
					.params(item.getValue().name(), id, item.getKey())
					.update();
			}
			return run;
		}

	}

}
