package io.imagebatch.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imagebatch.cli.Cli;
import io.imagebatch.input.ReadResult;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load step's reader for a resubmission, on the real database: a restarted load
 * continues after the last item it gave out.
 */
class ResubmittedRowReaderIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, "reader-tests");
		this.bed.gateway("sim", (settings) -> settings);
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void aReopenedReaderContinuesAfterTheLastItemItGaveOut() {
		// given: a run with five rejected items
		StringBuilder csv = new StringBuilder("id,prompt,model,size\n");
		for (int i = 1; i <= 5; i++) {
			csv.append("r").append(i).append(",Picture ").append(i).append(" #reject,dall-e-2,256x256\n");
		}
		CliInvocation generate = this.bed.cli("generate", this.bed.csv(csv.toString()).toString());
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		Resubmission resubmission = new Resubmission(generate.runId(), Set.of(), Set.of(), Map.of("prompt", "Fine"),
				Map.of());
		ItemRepository items = items();

		// when: two are read and committed, then the step fails and is restarted
		ResubmittedRowReader first = new ResubmittedRowReader(items, resubmission);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		List<String> read = new ArrayList<>(List.of(id(first.read()), id(first.read())));
		first.update(context);
		first.close();
		ResubmittedRowReader restarted = new ResubmittedRowReader(items, resubmission);
		restarted.open(context);
		for (ReadResult result = restarted.read(); result != null; result = restarted.read()) {
			assertThat(((ReadResult.Row) result).row().columns()).containsEntry("prompt", "Fine");
			read.add(id(result));
		}

		// then
		assertThat(read).containsExactly("r1", "r2", "r3", "r4", "r5");
	}

	private static String id(ReadResult result) {
		return ((ReadResult.Row) result).row().columns().get("id");
	}

	private ItemRepository items() {
		Map<String, String> properties = this.bed.properties();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(properties.get("spring.datasource.url"),
				properties.get("spring.datasource.username"), properties.get("spring.datasource.password"));
		return new ItemRepository(JdbcClient.create(dataSource), new NamedParameterJdbcTemplate(dataSource),
				JsonMapper.builder().build(), Clock.systemUTC());
	}

}
