package io.imagebatch.run;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway flavours of the seed documents, each end to end over HTTP.
 */
class GatewayFlavoursIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, "flavour-tests");
	}

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void anImagesPathWithATrailingSlashWorks() {
		// given
		GatewaySimulator gateway = this.bed.gateway("slash", (settings) -> settings);
		this.bed.property("imagebatch.gateways.slash.images-path", "/images/generations/");

		// when
		CliInvocation generate = this.bed.cli("generate", this.bed.rows(2, "dall-e-2", "256x256", "url").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().imagesGenerated()).isEqualTo(2);
	}

	@Test
	void anApiStyleGatewayTakesAnInputImageForGptImageEdits() {
		// given: the gateway lives under /api, as AIGNE Hub does
		GatewaySimulator gateway = this.bed.gateway("hub", (settings) -> settings);
		this.bed.property("imagebatch.gateways.hub.base-url", gateway.baseUri() + "/api");
		Path csv = this.bed
			.csv("""
					id,prompt,model,size,quality,image
					edit,Make the sky purple,gpt-image-1,1024x1024,low,https://example.com/in.png
					edits,Blend these,gpt-image-1,1024x1024,low,"[""https://example.com/a.png"",""https://example.com/b.png""]"
					plain,A calm lake,dall-e-2,256x256,,
					wrong,Make it red,dall-e-3,1024x1024,standard,https://example.com/in.png
					""");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.itemsByStatus(runId)).containsEntry("SUCCEEDED", 3L).containsEntry("INVALID", 1L);
		assertThat((String) this.bed.item(runId, "wrong").get("error_message")).contains("not supported by dall-e-3");
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::model)
			.containsExactlyInAnyOrder("gpt-image-1", "gpt-image-1", "dall-e-2");
	}

	@Test
	void providerPrefixedAndNonOpenAiModelsComeFromTheCatalogAndUnknownPricesAreReportedNotZeroed() {
		// given
		GatewaySimulator gateway = this.bed.gateway("many", (settings) -> settings);
		Path csv = this.bed.csv("""
				id,prompt,model,size,quality
				openai,A magical forest,openai/dall-e-3,1024x1024,standard
				stability,A magical forest,stability/stable-diffusion-xl-1024-v1-0,1152x896,
				flux,A wide banner of a forest,flux-pro,1536x640,
				mini,A small forest icon,gpt-image-1-mini,1024x1024,low
				""");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString(), "--response-format", "b64_json");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		String runId = generate.runId();
		assertThat(gateway.ledger().generated()).extracting(GeneratedRecord::model)
			.containsExactlyInAnyOrder("openai/dall-e-3", "stability/stable-diffusion-xl-1024-v1-0", "flux-pro",
					"gpt-image-1-mini");
		String fluxKey = this.bed.jdbc()
			.sql("SELECT object_key FROM image JOIN item ON item.id = image.item_id WHERE item.run_id = ? "
					+ "AND item.external_id = 'flux'")
			.param(runId)
			.query(String.class)
			.single();
		byte[] flux = this.bed.s3()
			.getObjectAsBytes((request) -> request.bucket("flavour-tests").key(fluxKey))
			.asByteArray();
		assertThat(pngSize(flux)).containsExactly(1536, 640);
		Map<String, String> bases = Map.of("dall-e-3", "catalog", "stable-diffusion-xl-1024-v1-0", "unknown",
				"flux-pro", "unknown", "gpt-image-1-mini", "usage");
		assertThat(this.bed.costEntries(runId))
			.allSatisfy((entry) -> assertThat(entry.get("basis")).as("%s", entry.get("model"))
				.isEqualTo(bases.get(entry.get("model"))));
		JsonNode report = report(runId);
		assertThat(report.path("unpriced_images").asLong()).isEqualTo(2);
		assertThat(new BigDecimal(report.path("cost_usd").asString())).isPositive();
	}

	@Test
	void aChatModelsImagesComeFromDataUrlsAndArePricedByImageTokens() {
		// given
		GatewaySimulator gateway = this.bed.gateway("chat", (settings) -> settings);
		Path csv = this.bed
			.csv("prompt,model\nA cute orange cat wearing sunglasses,gemini-2.5-flash-image-generation\n");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		assertThat(gateway.ledger().generated()).singleElement()
			.satisfies((record) -> assertThat(record.responseFormat()).isEqualTo("data_url"));
		Map<String, Object> entry = this.bed.costEntries(generate.runId()).getFirst();
		assertThat(entry).containsEntry("basis", "usage").containsEntry("output_image_tokens", 1290L);
		BigDecimal expected = perMillion("image_output", 1290)
			.add(perMillion("text_input", ((Number) entry.get("input_text_tokens")).longValue()))
			.add(perMillion("text_output", ((Number) entry.get("output_text_tokens")).longValue()))
			.setScale(6, java.math.RoundingMode.HALF_UP);
		assertThat((BigDecimal) entry.get("usd")).isEqualByComparingTo(expected);
	}

	@Test
	void severalGatewaysAtOnceWithEachRowPickingItsOwn() {
		// given
		GatewaySimulator alpha = this.bed.gateway("alpha", (settings) -> settings);
		GatewaySimulator beta = this.bed.gateway("beta", (settings) -> settings);
		this.bed.property("imagebatch.default-gateway", "alpha");
		Path csv = this.bed.csv("""
				id,prompt,model,size,gateway
				default,A red square,dall-e-2,256x256,
				second,A blue square,dall-e-2,256x256,beta
				nowhere,A green square,dall-e-2,256x256,gamma
				""");

		// when
		CliInvocation generate = this.bed.cli("generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(alpha.ledger().generated()).extracting(GeneratedRecord::prompt).containsExactly("A red square");
		assertThat(beta.ledger().generated()).extracting(GeneratedRecord::prompt).containsExactly("A blue square");
		assertThat((String) this.bed.item(generate.runId(), "nowhere").get("error_message"))
			.contains("unknown gateway 'gamma'")
			.contains("alpha, beta");
	}

	private JsonNode report(String runId) {
		return JsonMapper.builder().build().readTree(this.bed.cli("report", runId, "--format", "json").out());
	}

	private BigDecimal perMillion(String kind, long tokens) {
		BigDecimal price = this.bed.jdbc()
			.sql("SELECT usd_per_million FROM token_price WHERE model = ? AND kind = ?")
			.params("gemini-2.5-flash-image-generation", kind)
			.query(BigDecimal.class)
			.single();
		return price.multiply(BigDecimal.valueOf(tokens)).divide(BigDecimal.valueOf(1_000_000));
	}

	/** Width and height from a PNG's IHDR chunk. */
	private static List<Integer> pngSize(byte[] png) {
		ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
		return List.of(header.getInt(), header.getInt());
	}

}
