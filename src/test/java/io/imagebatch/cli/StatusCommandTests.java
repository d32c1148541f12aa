package io.imagebatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunStatus;
import io.imagebatch.web.RunView;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTests {

	@Test
	void tellsHowFarTheProviderGotWithABatchRunsOpenBatchesAndListsTheParts() {
		// given: a running batch-mode run with two batches at the provider and one ended
		Run run = aRun(RunStatus.RUNNING, CallMode.BATCH);
		List<RunView.Batch> batches = List.of(aBatch(1, "batch_ended", "completed", "ENDED", 500, 480, 20, 500, null),
				aBatch(2, "batch_abc", "in_progress", "SUBMITTED", 50_000, 1_200, 34, 50_000, null),
				aBatch(3, null, null, "PREPARED", 700, 0, 0, 0, null));

		// when
		String printed = print((out) -> StatusCommand.batches(run, batches, out));

		// then: the open parts are counted and listed first
		assertThat(printed).contains("WAITING on provider: 2 batches, 1,234 of 50,700 requests done")
			.containsPattern("PART +BATCH ID +PROVIDER STATUS +DONE/FAILED/TOTAL +LINES")
			.containsPattern("2 +batch_abc +in_progress +1,200/34/50,000 +50,000")
			.containsPattern("3 +- +\\(prepared\\) +0/0/0 +700")
			.containsPattern("1 +batch_ended +completed +480/20/500 +500");
		assertThat(printed.indexOf("batch_abc")).isLessThan(printed.indexOf("batch_ended"));
	}

	@Test
	void neverPrintsTheProvidersTextRaw() {
		// given: a batch id, a status and an error carrying escape sequences
		Run run = aRun(RunStatus.RUNNING, CallMode.BATCH);
		List<RunView.Batch> batches = List.of(aBatch(1, "batch_\u001B[2Jx", "in_progress\r\n\u009B0m", "SUBMITTED", 10,
				1, 0, 10, "HTTP 500 \u001B]0;title\u0007\u202Eevil"));

		// when
		String printed = print((out) -> StatusCommand.batches(run, batches, out));

		// then
		assertThat(printed).doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E]")
			.contains("LAST ERROR");
	}

	@Test
	void saysWhatABatchRunSavedAndNothingOfBatchesForASynchronousRun() {
		// given
		Run batch = aRun(RunStatus.COMPLETED, CallMode.BATCH);
		Run sync = aRun(RunStatus.COMPLETED, CallMode.SYNC);

		// when
		String batchMode = StatusCommand.mode(batch, new BigDecimal("1.5"));
		String syncMode = StatusCommand.mode(sync, BigDecimal.ZERO);
		String syncBatches = print((out) -> StatusCommand.batches(sync, List.of(), out));

		// then
		assertThat(batchMode).startsWith("batch").contains("$1.500000 saved against synchronous prices");
		assertThat(syncMode).isEqualTo("sync");
		assertThat(syncBatches).isEmpty();
	}

	private static Run aRun(RunStatus status, CallMode mode) {
		return new Run("run-1", null, "prompts.csv", "simulator", status, null, RowDefaults.NONE, null, 8, null,
				Instant.parse("2026-01-01T00:00:00Z"), null, null, false, 0, null, null, mode);
	}

	private static RunView.Batch aBatch(int part, @Nullable String batchId, @Nullable String providerStatus,
			String state, int lines, int completed, int failed, int total, @Nullable String lastError) {
		return new RunView.Batch(part, batchId, providerStatus, state, lines, completed, failed, total, lastError, null,
				null);
	}

	private static String print(java.util.function.Consumer<PrintWriter> printing) {
		StringWriter out = new StringWriter();
		printing.accept(new PrintWriter(out, true));
		return out.toString();
	}

}
