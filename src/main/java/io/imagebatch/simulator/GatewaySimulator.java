package io.imagebatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import com.sun.net.httpserver.HttpServer;
import io.imagebatch.catalog.ModelCatalog;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible image gateway that runs in-process and is spoken to over real HTTP
 * on the loopback interface, exactly as a remote gateway would be. It validates requests
 * against the {@link ModelCatalog}, renders PNGs that show the prompt, serves {@code url}
 * images until they expire, and keeps a {@link SimulatorLedger} of what it generated. It
 * can also misbehave in every way the product must survive: rate limits per API key (429
 * with {@code Retry-After}), server errors, dropped connections, slow answers, exhausted
 * credit (402) and forbidden keys (403); and as a hostile gateway: 429 forever, bodies
 * that drip or never end, huge images (streamed, never held), keys echoed in errors,
 * error texts with terminal escapes or of absurd length, and image URLs that point to
 * another port, a name, a redirect or nowhere valid. All are set by
 * {@link SimulatorProperties} and changeable while running.
 * <p>
 * Routes: {@code POST /v1/images/generations} (also with a trailing slash),
 * {@code POST /api/images/generations} ({@code model} defaults to dall-e-2),
 * {@code POST /v1/chat/completions} and {@code /api/chat/completions} (chat image models,
 * the image as a data URL in {@code message.images}), {@code GET /files/<token>.png},
 * {@code GET /redirect?to=<percent-encoded URL>} (a 302 to it),
 * {@code GET /admin/ledger}, and {@code GET}/{@code PUT /admin/config} (the adjustable
 * settings as kebab-case JSON; a {@code PUT} sends only what changes, such as
 * {@code {"requests-per-minute": 60, "error-rate": 0.2}}).
 * <p>
 * The provider Batch API (also under {@code /api}): {@code POST /v1/files} (a multipart
 * upload with {@code purpose=batch}, streamed to a temporary directory that goes when the
 * simulator stops), {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET
 * /v1/files/{id}/content}, {@code DELETE /v1/files/{id}}; {@code POST /v1/batches},
 * {@code GET /v1/batches}, {@code GET /v1/batches/{id}}, {@code POST
 * /v1/batches/{id}/cancel}; and {@code GET /admin/batches} (the {@link BatchCounts} and
 * every batch). Each batch line is answered as the synchronous call would be, without
 * latency or rate limits, its images recorded in the ledger.
 */
public final class GatewaySimulator implements AutoCloseable {

	private final LiveSettings settings;

	private final ModelCatalog catalog;

	private final Clock clock;

	private final SimulatorLedger ledger;

	private final PromptImageRenderer renderer = new PromptImageRenderer();

	private final UrlImageStore urlImages;

	private @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	private @Nullable URI baseUri;

	private final BatchCounters batchCounters = new BatchCounters();

	private @Nullable SimulatedBatches batches;

	private @Nullable BatchFiles batchFiles;

	public GatewaySimulator(SimulatorProperties properties, ModelCatalog catalog, Clock clock) {
		this.settings = new LiveSettings(properties);
		this.catalog = catalog;
		this.clock = clock;
		this.ledger = new SimulatorLedger(properties.ledgerCapacity());
		this.urlImages = new UrlImageStore(clock, properties.urlLifetime(), properties.urlStoreCapacity().toBytes());
	}

	/**
	 * Starts listening on the loopback interface.
	 * @param port the port, or 0 for a free one
	 * @return the base URI, such as {@code http://127.0.0.1:41234}
	 */
	public synchronized URI start(int port) {
		if (this.server != null) {
			throw new IllegalStateException("The simulator is already running at " + this.baseUri);
		}
		HttpServer server;
		try {
			// A deep backlog: load tests open hundreds of connections at once.
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on 127.0.0.1:" + port, ex);
		}
		URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
		JsonMapper json = JsonMapper.builder().build();
		GenerationRequestParser parser = new GenerationRequestParser(json, this.catalog);
		ImageGeneration generation = new ImageGeneration(this.clock, uri, json, this.renderer, this.urlImages,
				this.ledger);
		BatchFiles batchFiles = BatchFiles.inTemporaryDirectory(this.clock);
		SimulatedBatches batches = new SimulatedBatches(new BatchProcessor.Context(this.settings, parser, generation,
				this.ledger, batchFiles, json, this.clock));
		server.createContext("/",
				new SimulatorHandler(this.settings, this.clock, json, parser, generation, this.urlImages, this.ledger,
						new BatchRoutes(this.settings, json, batchFiles, batches, this.batchCounters)));
		// Latency is simulated by sleeping, which costs nothing on a virtual thread.
		ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
		server.setExecutor(executor);
		server.start();
		this.server = server;
		this.executor = executor;
		this.batches = batches;
		this.batchFiles = batchFiles;
		this.baseUri = uri;
		return uri;
	}

	/**
	 * Stops at once, abandoning requests and batches in flight and deleting the Batch
	 * API's files; does nothing when not running.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
		if (this.executor != null) {
			// Interrupts requests sleeping out their latency instead of waiting for them.
			this.executor.shutdownNow();
			this.executor = null;
		}
		if (this.batches != null) {
			this.batches.close();
			this.batches = null;
		}
		if (this.batchFiles != null) {
			this.batchFiles.close();
			this.batchFiles = null;
		}
		this.baseUri = null;
	}

	/** The base URI of the running simulator. */
	public synchronized URI baseUri() {
		if (this.baseUri == null) {
			throw new IllegalStateException("The simulator is not running");
		}
		return this.baseUri;
	}

	/** The settings in force now. */
	public SimulatorProperties properties() {
		return this.settings.current();
	}

	/**
	 * Changes the settings for every request that starts after this returns, running or
	 * not. A changed seed starts its random sequence again.
	 * @param change from the current settings to the new ones, typically a chain of
	 * {@code with…} calls
	 * @return the settings now in force
	 * @throws IllegalArgumentException when the change touches the url lifetime, the url
	 * store capacity or the ledger capacity, which are fixed at creation
	 */
	public SimulatorProperties reconfigure(UnaryOperator<SimulatorProperties> change) {
		return this.settings.update(change);
	}

	/** What the simulator generated since it was created. */
	public SimulatorLedger ledger() {
		return this.ledger;
	}

	/** What the Batch API was asked to do since the simulator was created. */
	public BatchCounts batchCounts() {
		return this.batchCounters.counts();
	}

	@Override
	public void close() {
		stop();
	}

}
