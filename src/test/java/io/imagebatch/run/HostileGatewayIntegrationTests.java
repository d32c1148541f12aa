package io.imagebatch.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.imagebatch.cli.Cli;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.PromptImageRenderer;
import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import io.imagebatch.testsupport.CapturedConsole;
import io.imagebatch.testsupport.ChildImagebatch;
import io.imagebatch.testsupport.CliInvocation;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.imagebatch.testsupport.TestHostResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: a real {@code generate} against a gateway that means harm (the simulator's
 * hostile settings), each case ending as DESIGN §4 says a hostile answer must: that item
 * only fails, with its cost kept when the gateway answered; the run goes on; nothing
 * hangs, nothing runs out of memory, nothing is requested from where it must not be, and
 * nothing the gateway says reaches the terminal or the records raw.
 * <p>
 * Cases whose memory matters run the product in a child JVM with
 * {@code -Xmx512m -XX:+ExitOnOutOfMemoryError}, the budget it must keep, so that an
 * OutOfMemoryError is a death this JVM sees instead of one it suffers; the child is
 * killed at a generous deadline. The rest run in this JVM (what they show on the console
 * captured with {@link CapturedConsole}); a run still going at its deadline winds down
 * when the test's simulators stop.
 */
class HostileGatewayIntegrationTests {

	private static final String BUCKET = "hostile-tests";

	private static final Pattern RUN_ID = Pattern.compile("^Run (\\S+):", Pattern.MULTILINE);

	private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(3);

	/** The bound for one attempt against a gateway that never finishes. */
	private static final Duration PER_ATTEMPT = GATEWAY_TIMEOUT.plusSeconds(5);

	/** Boot, the run, and a wide margin on a shared two-core machine. */
	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final String ESC = "\u001b";

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	private HttpServer elsewhere;

	private final AtomicInteger requestsElsewhere = new AtomicInteger();

	@BeforeEach
	void bed() {
		this.bed = new GatewayTestBed(this.temp, BUCKET);
	}

	@AfterEach
	void close() {
		this.bed.close();
		if (this.elsewhere != null) {
			this.elsewhere.stop(0);
		}
	}

	@Test
	void aDownloadThatDripsFailsItsItemAsTransientWithinTheTimeoutAndKeepsTheCallsCost() {
		// given: the answer comes at once; its image then comes a byte every 2 s
		GatewaySimulator gateway = this.bed.gateway("dripping",
				(settings) -> settings.withDownloadDripRate(1.0).withDripInterval(Duration.ofSeconds(2)));
		this.bed.property("imagebatch.gateways.dripping.timeout", GATEWAY_TIMEOUT.toSeconds() + "s");
		this.bed.property("imagebatch.run.max-attempts", "1");

		// when
		CompletableFuture<CliInvocation> running = this.bed.cliInBackground("generate",
				this.bed.rows(1, "dall-e-2", "256x256", "url").toString());
		awaitUntil(() -> gateway.ledger().dripped() > 0 || running.isDone(), "the download to start dripping");
		long dripping = System.nanoTime();
		CliInvocation generate = finish(running, PER_ATTEMPT, "after its download began to drip");
		Duration took = Duration.ofNanos(System.nanoTime() - dripping);

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(took).as("time from the start of the dripping download, per download attempt")
			.isLessThanOrEqualTo(PER_ATTEMPT.multipliedBy(Math.max(1, gateway.ledger().dripped())));
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.item(runId, "row-1")).containsEntry("status", "FAILED")
			.containsEntry("error_type", "TRANSIENT");
		assertThat(this.bed.costEntries(runId)).as("the call was answered").hasSize(1);
	}

	@Test
	void anAnswerThatDripsOrNeverEndsFailsOnlyItsOwnItemAndNothingRunsOutOfMemory() {
		// given: of 8 calls, seed 18 makes two answers drip and two never end
		GatewaySimulator gateway = this.bed.gateway("hostile",
				(settings) -> settings.withDripRate(0.25)
					.withEndlessRate(0.25)
					.withDripInterval(Duration.ofSeconds(2))
					.withSeed(18L));
		this.bed.property("imagebatch.gateways.hostile.timeout", GATEWAY_TIMEOUT.toSeconds() + "s");
		// an endless answer is cut at the cap; a small one keeps the disk out of the race
		// with the short timeout the dripping answers need
		this.bed.property("imagebatch.gateways.hostile.max-response-size", "8MB");
		this.bed.property("imagebatch.run.max-attempts", "1");

		// when
		Printed generate = inChildJvm("generate", this.bed.rows(8, "dall-e-2", "256x256", "b64_json").toString(),
				"--concurrency", "8");

		// then
		long hostile = gateway.ledger().dripped() + gateway.ledger().endless();
		assertThat(gateway.ledger().dripped()).as("answers that dripped").isPositive();
		assertThat(gateway.ledger().endless()).as("answers that never ended").isPositive();
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("FAILED", hostile),
				Map.entry("SUCCEEDED", 8 - hostile));
		assertThat(errorTypesOfFailedItems(runId)).containsOnly("TRANSIENT");
	}

	@Test
	void eightB64ImagesOf40MegabytesAtConcurrencyEightAllSucceedWithTheirSha256() throws IOException {
		// given
		DataSize size = DataSize.ofMegabytes(40);
		GatewaySimulator gateway = this.bed.gateway("huge", (settings) -> settings.withPadImagesTo(size));

		// when
		Printed generate = inChildJvm("generate", this.bed.rows(8, "dall-e-2", "256x256", "b64_json").toString(),
				"--concurrency", "8");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		String runId = generate.runId();
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 8L));
		assertThat(this.bed.costEntries(runId)).hasSize(8);
		assertThat(gateway.ledger().requests()).isEqualTo(8);
		List<Map<String, Object>> images = images(runId);
		assertThat(images).hasSize(8).allSatisfy((image) -> assertThat(image.get("bytes")).isEqualTo(size.toBytes()));
		assertThat(images).extracting((image) -> image.get("sha256"))
			.containsExactlyInAnyOrderElementsOf(
					gateway.ledger().generated().stream().map(GeneratedRecord::sha256).toList());
		try (S3Client s3 = this.bed.s3()) {
			for (Map<String, Object> image : images) {
				assertThat(sha256Of(s3, (String) image.get("bucket"), (String) image.get("object_key")))
					.as("the bytes in S3")
					.isEqualTo(image.get("sha256"));
			}
		}
	}

	@Test
	void eightUrlImagesOf45MegabytesUnderTheImageSizeCapAtConcurrencyEightAllSucceed() {
		// given: 45 MB, under the default max-image-size of 50 MB
		DataSize size = DataSize.ofMegabytes(45);
		GatewaySimulator gateway = this.bed.gateway("huge", (settings) -> settings.withPadImagesTo(size));

		// when
		Printed generate = inChildJvm("generate", this.bed.rows(8, "dall-e-2", "256x256", "url").toString(),
				"--concurrency", "8");

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.OK);
		String runId = generate.runId();
		assertThat(this.bed.itemsByStatus(runId)).containsExactly(Map.entry("SUCCEEDED", 8L));
		assertThat(gateway.ledger().downloads()).isEqualTo(8);
		assertThat(images(runId)).extracting((image) -> image.get("sha256"))
			.containsExactlyInAnyOrderElementsOf(
					gateway.ledger().generated().stream().map(GeneratedRecord::sha256).toList());
	}

	@Test
	void oneB64AnswerOf200MegabytesIsRejectedAfterExactlyOneCallWithItsCostKept() {
		// given: far over max-image-size (50 MB) and any sane max-response-size
		GatewaySimulator gateway = this.bed.gateway("enormous",
				(settings) -> settings.withPadImagesTo(DataSize.ofMegabytes(200)));

		// when
		Printed generate = inChildJvm("generate", this.bed.rows(1, "dall-e-2", "256x256", "b64_json").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.item(runId, "row-1")).containsEntry("status", "FAILED")
			.containsEntry("error_type", "REJECTED");
		assertThat(gateway.ledger().requests()).as("calls made: no retry").isEqualTo(1);
		assertThat(this.bed.costEntries(runId)).as("the answered call is paid for").hasSize(1);
	}

	@Test
	void aMalformedImageUrlInAnAnswerOrARedirectFailsItsItemAsInvalidImageUrlAndKeepsTheCost() {
		// given
		this.bed.gateway("malformed", (settings) -> settings.withImageUrl("http://exa mple.com/x.png"));
		this.bed.gateway("redirecting",
				(settings) -> settings.withImageUrl("{base}/redirect?to=http://exa%20mple.com/x.png"));
		Path csv = this.bed.csv("""
				id,prompt,model,size,response_format,gateway
				in-answer,A kite,dall-e-2,256x256,url,malformed
				in-redirect,A boat,dall-e-2,256x256,url,redirecting
				""");

		// when
		CliInvocation generate = within(DEADLINE, "generate", csv.toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		for (String row : List.of("in-answer", "in-redirect")) {
			assertThat(this.bed.item(runId, row)).as(row)
				.containsEntry("status", "FAILED")
				.containsEntry("error_type", "REJECTED")
				.containsEntry("error_code", "invalid_image_url");
		}
		assertThat(this.bed.costEntries(runId)).as("both calls were answered").hasSize(2);
	}

	@Test
	void aUrlOnTheGatewaysHostButAnotherPortIsNeverRequestedDirectlyOrByRedirect() {
		// given: a server on the gateway's host, another port, that would serve an image
		int otherPort = listenElsewhere(InetAddress.getLoopbackAddress());
		String other = "http://127.0.0.1:" + otherPort + "/x.png";
		this.bed.gateway("direct", (settings) -> settings.withImageUrl(other));
		this.bed.gateway("redirecting", (settings) -> settings.withImageUrl("{base}/redirect?to=" + other));
		Path csv = this.bed.csv("""
				id,prompt,model,size,response_format,gateway
				direct,A kite,dall-e-2,256x256,url,direct
				redirected,A boat,dall-e-2,256x256,url,redirecting
				""");

		// when
		CliInvocation generate = within(DEADLINE, "generate", csv.toString());

		// then
		assertThat(this.requestsElsewhere.get()).as("requests that reached the other port").isZero();
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		for (String row : List.of("direct", "redirected")) {
			assertThat(this.bed.item(runId, row)).as(row)
				.containsEntry("status", "FAILED")
				.containsEntry("error_type", "REJECTED");
		}
	}

	@Test
	void anAllowedNameThatResolvesToAMetadataOrLoopbackAddressIsNeverRequested() {
		// given: the gateway lives at 127.0.0.1; two names it is allowed to download
		// from resolve elsewhere: metadata.test to 169.254.169.254 and internal.test to
		// 127.0.0.2, where a server would serve an image. TestHostResolver (installed
		// through the JDK's InetAddressResolverProvider, test classpath only) maps them,
		// so whatever the product resolves through InetAddress sees these addresses.
		// Port 9 on the metadata address: even a client that connects reaches no
		// metadata service.
		int internalPort = listenElsewhere(address(TestHostResolver.INTERNAL_ADDRESS));
		this.bed.gateway("metadata",
				(settings) -> settings.withImageUrl("http://" + TestHostResolver.METADATA_HOST + ":9/x.png"));
		this.bed.gateway("internal", (settings) -> settings
			.withImageUrl("http://" + TestHostResolver.INTERNAL_HOST + ":" + internalPort + "/x.png"));
		this.bed.property("imagebatch.gateways.metadata.download-allowed-hosts", TestHostResolver.METADATA_HOST);
		this.bed.property("imagebatch.gateways.metadata.connect-timeout", "1s");
		this.bed.property("imagebatch.gateways.internal.download-allowed-hosts", TestHostResolver.INTERNAL_HOST);
		Path csv = this.bed.csv("""
				id,prompt,model,size,response_format,gateway
				metadata,A kite,dall-e-2,256x256,url,metadata
				internal,A boat,dall-e-2,256x256,url,internal
				""");

		// when
		CliInvocation generate = within(DEADLINE, "generate", csv.toString());

		// then
		assertThat(this.requestsElsewhere.get()).as("requests that reached 127.0.0.2").isZero();
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		for (String row : List.of("metadata", "internal")) {
			assertThat(this.bed.item(runId, row)).as(row)
				.containsEntry("status", "FAILED")
				.containsEntry("error_type", "REJECTED");
		}
	}

	@Test
	void anAbsurdlyLongErrorCodeAndMessageAreTruncatedAndTheRunGoesOn() {
		// given: a 300-character error.code and a 5 MB error.message
		this.bed.gateway("verbose",
				(settings) -> settings.withErrorCodeLength(300).withErrorMessageSize(DataSize.ofMegabytes(5)));

		// when
		CliInvocation generate = within(DEADLINE, "generate", rejectedAndFineRows().toString());

		// then
		assertThat(generate.exitCode()).as(abbreviated(generate)).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.item(runId, "fine")).containsEntry("status", "SUCCEEDED");
		Map<String, Object> rejected = this.bed.item(runId, "rejected");
		assertThat(rejected).containsEntry("status", "FAILED").containsEntry("error_type", "REJECTED");
		assertThat((String) rejected.get("error_code")).hasSizeLessThanOrEqualTo(200)
			.startsWith("content_policy_violation");
		assertThat((String) rejected.get("error_message")).hasSizeLessThanOrEqualTo(4096)
			.startsWith("Your request was rejected");
	}

	@Test
	void terminalEscapesInAGatewayMessageNeverReachStdoutOrStderr() {
		// given
		this.bed.gateway("escaping", (settings) -> settings.withAnsiErrors(true));

		// when
		Printed generate = withConsole("generate", rejectedAndFineRows().toString());
		Printed failures = withConsole("failures", generate.runId());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(failures.out()).contains("rejected");
		for (Printed printed : List.of(generate, failures)) {
			assertThat(printed.out()).as("stdout of " + printed.command()).doesNotContain(ESC);
			assertThat(printed.err()).as("stderr of " + printed.command()).doesNotContain(ESC);
		}
	}

	@Test
	void aKeyEchoedInA400Or401MessageAppearsNowhere() {
		// given: one gateway quotes the right key when it rejects a prompt (400), the
		// other is given a key it does not know and quotes that one (401)
		String wrongKey = "sk-wrong-0123456789abcdef0123456789";
		this.bed.gateway("echoing", (settings) -> settings.withEchoKey(true));
		this.bed.gateway("unknown-key", (settings) -> settings.withEchoKey(true));
		this.bed.property("imagebatch.gateways.unknown-key.api-key", wrongKey);
		Path csv = rejectedAndFineRows();

		// when
		Printed rejected = withConsole("generate", csv.toString(), "--gateway", "echoing");
		Printed unauthorized = withConsole("generate", csv.toString(), "--gateway", "unknown-key");

		// then
		assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(Cli.ITEMS_FAILED);
		assertThat(unauthorized.exitCode()).as(unauthorized.toString()).isEqualTo(Cli.RUN_FAILED);
		for (Printed run : List.of(rejected, unauthorized)) {
			String runId = run.runId();
			assertThat(run.out()).as("stdout").doesNotContain(GatewayTestBed.API_KEY).doesNotContain(wrongKey);
			assertThat(run.err()).as("stderr").doesNotContain(GatewayTestBed.API_KEY).doesNotContain(wrongKey);
			String items = String
				.valueOf(this.bed.jdbc().sql("SELECT * FROM item WHERE run_id = ?").param(runId).query().listOfRows());
			assertThat(items).as("item rows").doesNotContain(GatewayTestBed.API_KEY).doesNotContain(wrongKey);
			assertThat(String.valueOf(this.bed.run(runId))).as("run row and its status reason")
				.doesNotContain(GatewayTestBed.API_KEY)
				.doesNotContain(wrongKey);
			assertThat(manifest(runId)).as("manifest.jsonl")
				.doesNotContain(GatewayTestBed.API_KEY)
				.doesNotContain(wrongKey);
		}
		assertThat((String) this.bed.item(rejected.runId(), "rejected").get("error_code"))
			.isEqualTo("content_policy_violation");
		assertThat((String) this.bed.run(unauthorized.runId()).get("status_reason")).contains("401");
	}

	@Test
	void aGatewayThatAnswers429ForeverFailsTheItemAsTransientAfterTheRateLimitCeiling() {
		// given
		this.bed.gateway("throttled", (settings) -> settings.withThrottling(1.0, Duration.ofMillis(200)));
		this.bed.property("imagebatch.run.max-rate-limit-wait", "2s");

		// when
		CliInvocation generate = within(Duration.ofSeconds(20), "generate",
				this.bed.rows(1, "dall-e-2", "256x256", "b64_json").toString());

		// then
		assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(Cli.ITEMS_FAILED);
		String runId = generate.runId();
		assertThat(this.bed.run(runId)).containsEntry("status", "COMPLETED");
		assertThat(this.bed.item(runId, "row-1")).containsEntry("status", "FAILED")
			.containsEntry("error_type", "TRANSIENT");
	}

	/** One row the gateway rejects by content policy (400), one it answers. */
	private Path rejectedAndFineRows() {
		return this.bed.csv("""
				id,prompt,model,size,response_format
				rejected,#reject A kite,dall-e-2,256x256,b64_json
				fine,A boat,dall-e-2,256x256,b64_json
				""");
	}

	/**
	 * Runs a command in this JVM.
	 * @throws AssertionError when it has not ended within {@code limit}
	 */
	private CliInvocation within(Duration limit, String... args) {
		return finish(this.bed.cliInBackground(args), limit, "");
	}

	private static CliInvocation finish(CompletableFuture<CliInvocation> running, Duration limit, String since) {
		try {
			return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("imagebatch did not end within " + limit + " " + since
					+ " (it winds down when the test's simulators stop)");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs a command in this JVM and keeps all it showed: what it printed and what was
	 * logged meanwhile.
	 */
	private Printed withConsole(String... args) {
		try (CapturedConsole console = CapturedConsole.start()) {
			return Printed.of(String.join(" ", args), within(DEADLINE, args), console);
		}
	}

	/**
	 * Runs a command in a child JVM of 512 MB that dies on an OutOfMemoryError, killed at
	 * the deadline.
	 * @throws AssertionError when it ran out of memory or did not end in time
	 */
	private Printed inChildJvm(String... args) {
		ChildImagebatch child = ChildImagebatch.start(this.temp, this.bed.properties(),
				List.of("-XX:+ExitOnOutOfMemoryError"), args);
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (child.isAlive()) {
			if (System.nanoTime() > deadline) {
				child.kill();
				throw new AssertionError("imagebatch " + String.join(" ", args) + " did not end within " + DEADLINE
						+ "; its stderr ends:\n" + tail(child.stderr()));
			}
			Polling.pause();
		}
		Printed outcome = new Printed(String.join(" ", args), child.waitFor(), child.stdout(), child.stderr());
		assertThat(outcome.out() + outcome.err()).as("imagebatch ran out of memory: " + outcome)
			.doesNotContain("OutOfMemoryError");
		return outcome;
	}

	/** Starts a server that counts requests and would answer each with a PNG. */
	private int listenElsewhere(InetAddress address) {
		byte[] png = new PromptImageRenderer()
			.render(new PromptImageRenderer.Card("Not to be fetched", "dall-e-2", "256x256", null, 0, 1, false));
		try {
			this.elsewhere = HttpServer.create(new InetSocketAddress(address, 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.elsewhere.createContext("/", (exchange) -> {
			try (exchange) {
				this.requestsElsewhere.incrementAndGet();
				exchange.getResponseHeaders().set("Content-Type", "image/png");
				exchange.sendResponseHeaders(200, png.length);
				exchange.getResponseBody().write(png);
			}
		});
		this.elsewhere.start();
		return this.elsewhere.getAddress().getPort();
	}

	private List<Map<String, Object>> images(String runId) {
		return this.bed.jdbc()
			.sql("SELECT image.* FROM image JOIN item ON image.item_id = item.id WHERE item.run_id = ?")
			.param(runId)
			.query()
			.listOfRows();
	}

	private List<String> errorTypesOfFailedItems(String runId) {
		return this.bed.jdbc()
			.sql("SELECT error_type FROM item WHERE run_id = ? AND status = 'FAILED'")
			.param(runId)
			.query(String.class)
			.list();
	}

	private String manifest(String runId) {
		try (S3Client s3 = this.bed.s3()) {
			return s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key(runId + "/manifest.jsonl"))
				.asUtf8String();
		}
	}

	/** Streams an object through SHA-256: 40 MB objects are not read into memory. */
	private static String sha256Of(S3Client s3, String bucket, String key) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
		try (InputStream object = s3.getObject((request) -> request.bucket(bucket).key(key));
				DigestOutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			object.transferTo(sink);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitUntil(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Waited " + DEADLINE + " in vain for " + what);
			}
			Polling.pause();
		}
	}

	/** A CLI result whose stored messages may be megabytes, cut for the report. */
	private static String abbreviated(CliInvocation invocation) {
		String text = invocation.toString();
		return (text.length() > 4000) ? text.substring(0, 4000) + "… (" + text.length() + " characters)" : text;
	}

	private static String tail(String text) {
		return (text.length() > 4000) ? "…" + text.substring(text.length() - 4000) : text;
	}

	/**
	 * What a command printed, in a child JVM or in this one.
	 *
	 * @param command the command line
	 * @param exitCode its exit code
	 * @param out its stdout
	 * @param err its stderr (logs included)
	 */
	private record Printed(String command, int exitCode, String out, String err) {

		/**
		 * What a command run in this JVM printed, and what this JVM printed meanwhile.
		 */
		static Printed of(String command, CliInvocation invocation, CapturedConsole console) {
			return new Printed(command, invocation.exitCode(), invocation.out() + console.out(),
					invocation.err() + console.err());
		}

		/** The run that {@code generate} announced. */
		String runId() {
			Matcher matcher = RUN_ID.matcher(this.err);
			if (!matcher.find()) {
				throw new AssertionError("no run announced: " + this);
			}
			return matcher.group(1);
		}

		@Override
		public String toString() {
			return this.command + ": exit " + this.exitCode + "\n--- stdout\n" + tail(this.out) + "\n--- stderr\n"
					+ tail(this.err);
		}

	}

}
