package io.imagebatch.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.imagebatch.run.BatchPart;
import io.imagebatch.run.RunStatus;
import io.imagebatch.system.TerminalText;
import org.jspecify.annotations.Nullable;

/**
 * A batch-mode run's parts as the Run page shows them: while the run waits on the
 * provider, how far the provider got, then one row per part, those still open first. The
 * provider's ids, statuses and errors are its own text: bounded and made printable here
 * (no control character reaches a page or a copy of it), escaped by the template like
 * every other text.
 *
 * @param waiting "2 batches, 1,234 of 50,000 requests done" while the run runs with parts
 * at the provider; {@code null} otherwise
 * @param rows one per part, at most {@link #ROWS_SHOWN}
 * @param more parts left out of the rows
 */
record ProviderBatchTable(@Nullable String waiting, List<Row> rows, int more) {

	/** Rows shown at most: a run of millions of items has dozens of parts. */
	static final int ROWS_SHOWN = 50;

	static ProviderBatchTable of(RunStatus status, List<BatchPart> parts) {
		List<BatchPart> open = parts.stream().filter((part) -> part.state() != BatchPart.State.ENDED).toList();
		String waiting = null;
		if (status == RunStatus.RUNNING && !open.isEmpty()) {
			long done = open.stream().mapToLong((part) -> (long) part.completed() + part.failed()).sum();
			long total = open.stream().mapToLong((part) -> (part.total() > 0) ? part.total() : part.lines()).sum();
			waiting = String.format(Locale.ROOT, "%,d %s, %,d of %,d requests done", open.size(),
					(open.size() == 1) ? "batch" : "batches", done, total);
		}
		List<BatchPart> ordered = new ArrayList<>(open);
		parts.stream().filter((part) -> part.state() == BatchPart.State.ENDED).forEach(ordered::add);
		List<Row> rows = ordered.stream().limit(ROWS_SHOWN).map(Row::of).toList();
		return new ProviderBatchTable(waiting, rows, ordered.size() - rows.size());
	}

	/**
	 * One part.
	 *
	 * @param part its number
	 * @param batchId the provider's batch id, or a dash before it was created
	 * @param providerStatus what the provider last said, or what imagebatch is doing
	 * before it was asked
	 * @param open whether its items still wait on it
	 * @param done requests done, as the provider last counted
	 * @param failed requests failed, as the provider last counted
	 * @param total the provider's count of requests
	 * @param lines the requests in its file
	 * @param lastError the last failure talking to the provider about it, or empty
	 * @param submitted when the provider created the batch
	 * @param ended when its outcome was applied to its items
	 */
	record Row(int part, String batchId, String providerStatus, boolean open, String done, String failed, String total,
			String lines, String lastError, String submitted, String ended) {

		static Row of(BatchPart part) {
			return new Row(part.part(), (part.batchId() != null) ? TerminalText.line(part.batchId(), 80) : "–",
					(part.providerStatus() != null) ? TerminalText.line(part.providerStatus(), 40)
							: before(part.state()),
					part.state() != BatchPart.State.ENDED, count(part.completed()), count(part.failed()),
					count(part.total()), count(part.lines()),
					(part.lastError() != null) ? TerminalText.line(part.lastError(), 200) : "",
					Formats.time(part.submittedAt()), Formats.time(part.endedAt()));
		}

		/** What a part the provider was not asked about yet is waiting for. */
		private static String before(BatchPart.State state) {
			return switch (state) {
				case PREPARED -> "uploading its file";
				case UPLOADED -> "creating the batch";
				case SUBMITTED -> "submitted";
				case ENDED -> "ended";
			};
		}

		private static String count(long count) {
			return String.format(Locale.ROOT, "%,d", count);
		}

	}

}
