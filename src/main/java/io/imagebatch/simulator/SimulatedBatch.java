package io.imagebatch.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One batch: what it was asked, where it is, and what it has done. Its processor and the
 * HTTP routes both change it, so every change is made under its lock and checked against
 * {@link BatchStatus}'s table of allowed moves.
 */
final class SimulatedBatch {

	static final String COMPLETION_WINDOW = "24h";

	private static final long WINDOW_SECONDS = Duration.ofHours(24).toSeconds();

	private final String id = "batch_" + Ids.hex();

	private final String inputFileId;

	private final String endpoint;

	private final Map<String, String> metadata;

	private final long createdAt;

	private BatchStatus status = BatchStatus.VALIDATING;

	private final Map<BatchStatus, Long> reachedAt = new EnumMap<>(BatchStatus.class);

	private long total;

	private long completed;

	private long failed;

	private @Nullable String outputFileId;

	private @Nullable String errorFileId;

	private @Nullable List<BatchAnswer.LineError> errors;

	SimulatedBatch(String inputFileId, String endpoint, Map<String, String> metadata, long createdAt) {
		this.inputFileId = inputFileId;
		this.endpoint = endpoint;
		this.metadata = Map.copyOf(metadata);
		this.createdAt = createdAt;
	}

	String id() {
		return this.id;
	}

	String endpoint() {
		return this.endpoint;
	}

	synchronized BatchStatus status() {
		return this.status;
	}

	/** Whether a cancellation waits for the processor to stop. */
	synchronized boolean cancelling() {
		return this.status == BatchStatus.CANCELLING;
	}

	/**
	 * Asks to cancel.
	 * @return whether this call did (false when it was cancelling already)
	 * @throws SimulatorError 409 when the batch has ended
	 */
	synchronized boolean cancel(long now) {
		if (this.status == BatchStatus.CANCELLING) {
			return false;
		}
		if (!moveTo(BatchStatus.CANCELLING, now)) {
			throw new SimulatorError(409, "invalid_request_error", "batch_not_cancellable",
					"Batch " + this.id + " cannot be cancelled: it is " + this.status.wire() + ".");
		}
		return true;
	}

	/** Validation failed; a cancellation requested meanwhile wins. */
	synchronized void fail(List<BatchAnswer.LineError> errors, long now) {
		if (!moveTo(BatchStatus.FAILED, now)) {
			moveTo(BatchStatus.CANCELLED, now);
		}
		this.errors = List.copyOf(errors);
	}

	/**
	 * Validation passed.
	 * @return false when the batch is being cancelled instead
	 */
	synchronized boolean start(long requests, long now) {
		this.total = requests;
		return moveTo(BatchStatus.IN_PROGRESS, now);
	}

	synchronized void count(boolean succeeded) {
		if (succeeded) {
			this.completed++;
		}
		else {
			this.failed++;
		}
	}

	/** Every line is done with; the result files are written next. */
	synchronized void finalizing(long now) {
		moveTo(BatchStatus.FINALIZING, now);
	}

	/**
	 * The result files are written: the batch ends cancelled if that was asked, otherwise
	 * expired or completed.
	 */
	synchronized void end(@Nullable String outputFileId, @Nullable String errorFileId, boolean expired, long now) {
		this.outputFileId = outputFileId;
		this.errorFileId = errorFileId;
		if (this.status == BatchStatus.CANCELLING) {
			moveTo(BatchStatus.CANCELLED, now);
		}
		else {
			moveTo(expired ? BatchStatus.EXPIRED : BatchStatus.COMPLETED, now);
		}
	}

	/**
	 * Waits until the deadline (of {@link System#nanoTime()}) or a cancellation,
	 * whichever comes first.
	 */
	synchronized void awaitUnlessCancelled(long deadlineNanos) throws InterruptedException {
		long left;
		while (this.status != BatchStatus.CANCELLING && (left = deadlineNanos - System.nanoTime()) > 0) {
			wait(Math.max(1, left / 1_000_000));
		}
	}

	private boolean moveTo(BatchStatus next, long now) {
		if (!this.status.canMoveTo(next)) {
			return false;
		}
		this.status = next;
		this.reachedAt.put(next, now);
		notifyAll();
		return true;
	}

	synchronized BatchAnswer answer() {
		return new BatchAnswer(this.id, "batch", this.endpoint,
				(this.errors != null) ? new BatchAnswer.Errors("list", this.errors) : null, this.inputFileId,
				COMPLETION_WINDOW, this.status.wire(), this.outputFileId, this.errorFileId, this.createdAt,
				at(BatchStatus.IN_PROGRESS), this.createdAt + WINDOW_SECONDS, at(BatchStatus.FINALIZING),
				at(BatchStatus.COMPLETED), at(BatchStatus.FAILED), at(BatchStatus.EXPIRED), at(BatchStatus.CANCELLING),
				at(BatchStatus.CANCELLED), counts(), this.metadata);
	}

	synchronized BatchAnswer.Summary summary() {
		return new BatchAnswer.Summary(this.id, this.status.wire(), this.inputFileId, this.endpoint, counts(),
				this.metadata);
	}

	private BatchAnswer.RequestCounts counts() {
		return new BatchAnswer.RequestCounts(this.total, this.completed, this.failed);
	}

	private @Nullable Long at(BatchStatus reached) {
		return this.reachedAt.get(reached);
	}

}
