package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.imagebatch.testsupport.SampleRows.MIXED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resubmit} end to end through the command line: which failed items a new run
 * takes, how it changes them, the link from each retry to what it retries, and the
 * lineage the report shows.
 */
class ResubmissionIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private GatewaySimulator gateway;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, "resubmit-tests");
		this.gateway = this.bed.gateway("sim", (settings) -> settings);
		this.bed.property("imagebatch.default-gateway", "sim");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void resubmitsEveryFailedItemAsANewRunWhoseItemsLinkToTheOnesTheyRetry() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);

		// when
		CliInvocation resubmit = this.bed.cli("resubmit", parent);

		// then: only the FAILED item came back (the INVALID one needs an edit), and it
		// failed again for the same reason
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(resubmit.err()).contains("resubmits 1 failed items of run " + parent)
			.contains("1 INVALID items left out");
		String child = resubmit.runId();
		assertThat(this.bed.run(child)).containsEntry("parent_run_id", parent)
			.containsEntry("source", "resubmit:" + parent);
		assertThat(this.bed.itemsByStatus(child)).containsExactly(Map.entry("FAILED", 1L));
		Map<String, Object> retry = this.bed.item(child, "rejected");
		assertThat(retry.get("retry_of")).isEqualTo(this.bed.item(parent, "rejected").get("id"));
		assertThat(retry).containsEntry("error_type", "REJECTED").containsEntry("line", 4L);
		// the parent's items are untouched
		assertThat(this.bed.itemsByStatus(parent)).containsEntry("FAILED", 1L).containsEntry("SUCCEEDED", 2L);
		// and the new run's manifest names what each item retries
		String manifest = this.bed.s3()
			.getObjectAsBytes((request) -> request.bucket("resubmit-tests").key(child + "/manifest.jsonl"))
			.asUtf8String();
		JsonNode line = JsonMapper.builder().build().readTree(manifest.strip());
		assertThat(line.get("id").asString()).isEqualTo("rejected");
		assertThat(line.get("retry_of").asString()).isEqualTo("rejected");
	}

	@Test
	void resubmitsOnlyTheChosenErrorTypesOnAnotherGateway() {
		// given: a gateway that fails every call, so both rows end TRANSIENT, plus a
		// rejected row
		this.bed.gateway("down", (settings) -> settings.withErrorRate(1.0));
		this.bed.property("imagebatch.run.max-attempts", "2");
		String parent = generate("""
				id,prompt,model,size,gateway
				a,First,dall-e-2,256x256,down
				b,Second,dall-e-2,256x256,down
				c,Third #reject,dall-e-2,256x256,sim
				""", Cli.ITEMS_FAILED);
		assertThat(this.bed.item(parent, "a")).containsEntry("error_type", "TRANSIENT");
		assertThat(this.bed.item(parent, "c")).containsEntry("error_type", "REJECTED");

		// when: the transient ones go to the healthy gateway
		CliInvocation resubmit = this.bed.cli("resubmit", parent, "--error-type", "TRANSIENT", "--set", "gateway=sim");

		// then
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.OK);
		String child = resubmit.runId();
		assertThat(this.bed.itemsByStatus(child)).containsExactly(Map.entry("SUCCEEDED", 2L));
		assertThat(externalIds(child)).containsExactly("a", "b");
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.containsExactlyInAnyOrder("First", "Second");
	}

	@Test
	void resubmitsChosenItemsWithTheirPromptsFixedFromAnEditsCsv() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);
		Path edits = this.bed.csv("id,prompt\nrejected,A permitted picture of a harbour\n");

		// when
		CliInvocation resubmit = this.bed.cli("resubmit", parent, "--item", "rejected", "--edits", edits.toString());

		// then: the edited prompt was sent and stored under the new run
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.OK);
		String child = resubmit.runId();
		assertThat(this.bed.item(child, "rejected")).containsEntry("status", "SUCCEEDED")
			.containsEntry("prompt", "A permitted picture of a harbour");
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::prompt)
			.contains("A permitted picture of a harbour");
		String key = this.bed.jdbc()
			.sql("SELECT object_key FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ?")
			.param(child)
			.query(String.class)
			.single();
		assertThat(key).startsWith(child + "/rejected/");
	}

	@Test
	void overridesForEveryItemChangeTheModelAndTheCostFollowsIt() {
		// given: dall-e-2 items that failed transiently
		this.bed.gateway("down", (settings) -> settings.withErrorRate(1.0));
		this.bed.property("imagebatch.run.max-attempts", "1");
		String parent = generate("""
				id,prompt,model,size,gateway
				a,First,dall-e-2,256x256,down
				b,Second,dall-e-2,256x256,down
				""", Cli.ITEMS_FAILED);

		// when
		CliInvocation resubmit = this.bed.cli("resubmit", parent, "--set", "model=gpt-image-1", "--set", "quality=low",
				"--set", "size=1024x1024", "--set", "gateway=sim");

		// then
		assertThat(resubmit.exitCode()).as(resubmit.toString()).isEqualTo(Cli.OK);
		String child = resubmit.runId();
		assertThat(this.gateway.ledger().generated()).extracting(GeneratedRecord::model, GeneratedRecord::quality)
			.containsOnly(org.assertj.core.groups.Tuple.tuple("gpt-image-1", "low"));
		JsonNode report = report(child);
		assertThat(report.get("cost_by_model")).hasSize(1);
		assertThat(report.get("cost_by_model").get(0).get("model").asString()).isEqualTo("gpt-image-1");
		assertThat(report.get("cost_by_model").get(0).get("quality").asString()).isEqualTo("low");
	}

	@Test
	void anInvalidItemIsRefusedWithoutAnEditAndAcceptedWithOne() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);
		long runsBefore = runCount();

		// when
		CliInvocation refused = this.bed.cli("resubmit", parent, "--item", "invalid");

		// then
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(Cli.USAGE);
		assertThat(refused.err()).contains("item 'invalid' (line 5) is INVALID").contains("only with an edit");
		assertThat(runCount()).isEqualTo(runsBefore);

		// when: an edit that makes it valid
		CliInvocation accepted = this.bed.cli("resubmit", parent, "--item", "invalid", "--set", "n=1");

		// then
		assertThat(accepted.exitCode()).as(accepted.toString()).isEqualTo(Cli.OK);
		assertThat(this.bed.item(accepted.runId(), "invalid")).containsEntry("status", "SUCCEEDED")
			.containsEntry("model", "dall-e-3")
			.containsEntry("n", 1);
	}

	@Test
	void takingEveryFailureBringsAnInvalidItemBackOnlyWhenTheEditsFileChangesIt() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);

		// when: a change for every item is not taken as a fix for the invalid one
		CliInvocation everyFailure = this.bed.cli("resubmit", parent, "--set", "prompt=A harmless harbour");
		// when: an edit of that item is
		CliInvocation edited = this.bed.cli("resubmit", parent, "--edits",
				this.bed.csv("id,n\ninvalid,1\n").toString());

		// then
		assertThat(everyFailure.exitCode()).as(everyFailure.toString()).isEqualTo(Cli.OK);
		assertThat(externalIds(everyFailure.runId())).containsExactly("rejected");
		assertThat(edited.exitCode()).as(edited.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(externalIds(edited.runId())).containsExactly("rejected", "invalid");
		assertThat(this.bed.item(edited.runId(), "invalid")).containsEntry("status", "SUCCEEDED");
	}

	@Test
	void anEditThatLeavesAnItemInvalidIsRefusedBeforeAnythingIsCreated() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);
		long runsBefore = runCount();

		// when
		CliInvocation refused = this.bed.cli("resubmit", parent, "--set", "size=999x999");

		// then
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(Cli.USAGE);
		assertThat(refused.err()).contains("item 'rejected' (line 4) would be invalid as edited").contains("999x999");
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void aSucceededOrUnknownItemCannotBeResubmitted() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);

		// when
		CliInvocation succeeded = this.bed.cli("resubmit", parent, "--item", "good-1");
		CliInvocation unknown = this.bed.cli("resubmit", parent, "--item", "nope");
		CliInvocation strayEdit = this.bed.cli("resubmit", parent, "--error-type", "REJECTED", "--edits",
				this.bed.csv("id,prompt\ninvalid,Fixed\n").toString());

		// then
		assertThat(succeeded.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(succeeded.err()).contains("item 'good-1' is SUCCEEDED");
		assertThat(unknown.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(unknown.err()).contains("has no item 'nope'");
		assertThat(strayEdit.exitCode()).isEqualTo(Cli.USAGE);
		assertThat(strayEdit.err()).contains("the edits name item 'invalid', which is not among the items taken");
	}

	@Test
	void resubmittingTheSameFailuresTwiceIsAllowedAndVisibleInTheLineage() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);
		CliInvocation first = this.bed.cli("resubmit", parent);

		// when
		CliInvocation second = this.bed.cli("resubmit", parent, "--item", "rejected", "--set",
				"prompt=A harmless harbour");

		// then
		assertThat(second.exitCode()).as(second.toString()).isEqualTo(Cli.OK);
		assertThat(second.err()).contains("1 of these items were resubmitted before (" + first.runId() + ")");
		JsonNode lineage = report(parent).get("lineage");
		assertThat(lineage.get("items_retried").asLong()).isEqualTo(1);
		assertThat(lineage.get("items_retried_more_than_once").asLong()).isEqualTo(1);
		assertThat(lineage.get("resubmissions")).extracting((run) -> run.get("run").asString())
			.containsExactly(first.runId(), second.runId());
		BigDecimal retryCost = new BigDecimal(lineage.get("retry_cost_usd").asString());
		BigDecimal childCosts = new BigDecimal(report(first.runId()).get("cost_usd").asString())
			.add(new BigDecimal(report(second.runId()).get("cost_usd").asString()));
		assertThat(retryCost).isEqualByComparingTo(childCosts).isPositive();
		assertThat(report(second.runId()).get("lineage").get("resubmits").asString()).isEqualTo(parent);
		CliInvocation table = this.bed.cli("report", parent);
		assertThat(table.out()).contains("Resubmitted: 1 items retried (1 of them more than once), in 2 runs");
	}

	@Test
	void aResubmissionOfAResubmissionIsPartOfTheSameLine() {
		// given
		String parent = generate(MIXED, Cli.ITEMS_FAILED);
		String child = this.bed.cli("resubmit", parent).runId();

		// when
		CliInvocation grandchild = this.bed.cli("resubmit", child, "--set", "prompt=Now harmless");

		// then
		assertThat(grandchild.exitCode()).as(grandchild.toString()).isEqualTo(Cli.OK);
		assertThat(report(parent).get("lineage").get("resubmissions"))
			.extracting((run) -> run.get("retries").asString())
			.containsExactly(parent, child);
		assertThat(this.bed.item(grandchild.runId(), "rejected").get("retry_of"))
			.isEqualTo(this.bed.item(child, "rejected").get("id"));
	}

	private String generate(String csv, int expectedExit) {
		CliInvocation generate = this.bed.cli("generate", this.bed.csv(csv).toString());
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(expectedExit);
		return generate.runId();
	}

	private JsonNode report(String runId) {
		CliInvocation report = this.bed.cli("report", runId, "--format", "json");
		assertThat(report.exitCode()).as(report.toString()).isEqualTo(Cli.OK);
		return JsonMapper.builder().build().readTree(report.out());
	}

	private List<String> externalIds(String runId) {
		return this.bed.jdbc()
			.sql("SELECT external_id FROM item WHERE run_id = ? ORDER BY id")
			.param(runId)
			.query(String.class)
			.list();
	}

	private long runCount() {
		return this.bed.jdbc().sql("SELECT COUNT(*) FROM run").query(Long.class).single();
	}

}
