package io.imagebatch.simulator;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Everything the simulator generated, so tests and benchmarks can check that what was
 * stored is exactly what was served and that nothing was paid for twice, and how many
 * requests met each fault. Thread-safe; also served as JSON at {@code GET /admin/ledger}.
 * Memory is bounded: past its capacity the ledger counts images without keeping their
 * records.
 */
public final class SimulatorLedger {

	private final int capacity;

	private final ConcurrentLinkedQueue<GeneratedRecord> generated = new ConcurrentLinkedQueue<>();

	private final AtomicLong imagesGenerated = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicLong serverErrors = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	private final AtomicLong downloads = new AtomicLong();

	private final AtomicLong peakInFlight = new AtomicLong();

	private final AtomicLong dripped = new AtomicLong();

	private final AtomicLong endless = new AtomicLong();

	private final AtomicLong hungUp = new AtomicLong();

	private final AtomicLong redirects = new AtomicLong();

	SimulatorLedger(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Every image generated, in the order generated, up to the ledger's capacity (the
	 * first ones are kept).
	 */
	public List<GeneratedRecord> generated() {
		return List.copyOf(this.generated);
	}

	/** Generation requests received (every {@code POST} to an images route). */
	public long requests() {
		return this.requests.get();
	}

	/**
	 * Generation requests refused with a 4xx other than 429: authentication, permission,
	 * credit, validation and content policy alike.
	 */
	public long rejected() {
		return this.rejected.get();
	}

	/** Generation requests answered 429 because a rate limit was reached. */
	public long rateLimited() {
		return this.rateLimited.get();
	}

	/** Generation requests answered with a 5xx, injected or not. */
	public long serverErrors() {
		return this.serverErrors.get();
	}

	/** Generation requests whose connection was closed without an answer. */
	public long dropped() {
		return this.dropped.get();
	}

	/** Images generated, in every response format, including those past the capacity. */
	public long imagesGenerated() {
		return this.imagesGenerated.get();
	}

	/**
	 * The most valid calls that were being worked on (in their latency) at the same
	 * moment: how far a client really overlaps its calls.
	 */
	public long peakInFlight() {
		return this.peakInFlight.get();
	}

	/** Valid calls being worked on (in their latency) right now. */
	public long inFlight() {
		return this.inFlight.get();
	}

	/** {@code url} images downloaded (successful file requests). */
	public long downloads() {
		return this.downloads.get();
	}

	/** Answers and downloads whose body was sent one byte at a time. */
	public long dripped() {
		return this.dripped.get();
	}

	/** Answers and downloads whose body was sent as one that never ends. */
	public long endless() {
		return this.endless.get();
	}

	/**
	 * Bodies the simulator stopped writing because the client hung up (or the simulator
	 * stopped) before their end.
	 */
	public long hungUp() {
		return this.hungUp.get();
	}

	/** Requests answered by {@code /redirect}. */
	public long redirects() {
		return this.redirects.get();
	}

	void recordDrip() {
		this.dripped.incrementAndGet();
	}

	void recordEndless() {
		this.endless.incrementAndGet();
	}

	void recordHangUp() {
		this.hungUp.incrementAndGet();
	}

	void recordRedirect() {
		this.redirects.incrementAndGet();
	}

	void recordDownload() {
		this.downloads.incrementAndGet();
	}

	void callStarted() {
		this.peakInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
	}

	void callEnded() {
		this.inFlight.decrementAndGet();
	}

	void recordRequest() {
		this.requests.incrementAndGet();
	}

	/** Counts a generation request answered with an error status. */
	void recordError(int status) {
		if (status == 429) {
			this.rateLimited.incrementAndGet();
		}
		else if (status >= 500) {
			this.serverErrors.incrementAndGet();
		}
		else {
			this.rejected.incrementAndGet();
		}
	}

	void recordDrop() {
		this.dropped.incrementAndGet();
	}

	void recordImage(GeneratedRecord record) {
		if (this.imagesGenerated.getAndIncrement() < this.capacity) {
			this.generated.add(record);
		}
	}

	/**
	 * One generated image.
	 *
	 * @param model the model id as requested (a provider prefix is kept)
	 * @param size the size as requested ({@code auto} stays {@code auto})
	 * @param quality the quality in effect, {@code null} when the model has none
	 * @param index the image's position in {@code data[]}, from 0
	 * @param n how many images the request asked for
	 * @param prompt the prompt
	 * @param responseFormat {@code url} or {@code b64_json}, or {@code data_url} for chat
	 * completions
	 * @param sha256 lower-case hex SHA-256 of the exact PNG bytes served
	 * @param byteCount the number of PNG bytes
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record GeneratedRecord(String model, String size, @Nullable String quality, int index, int n, String prompt,
			String responseFormat, String sha256, long byteCount) {

	}

}
