package io.imagebatch.run;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One input file of a batch-mode run and the provider's batch made from it: what was
 * recorded at each step, so that whoever continues the run knows what is done.
 *
 * @param id the part's own id (items point to it while they wait in it)
 * @param runId the run
 * @param part its number within the run, from 1
 * @param gateway the gateway it went to
 * @param endpoint the API path its lines call, such as {@code /v1/images/generations}
 * @param filename the name its input file is uploaded under, unique to the run and part
 * @param state how far it got
 * @param lines its requests
 * @param bytes the size of its input file
 * @param inputFileId the provider's id of the uploaded file, once known
 * @param batchId the provider's batch id, once known
 * @param providerStatus what the provider last said of the batch
 * @param total the provider's count of requests
 * @param completed requests done, as the provider last counted
 * @param failed requests failed, as the provider last counted
 * @param outputFileId the provider's file of answered requests, once it ended
 * @param errorFileId the provider's file of failed requests, once it ended
 * @param cancelRequested whether the run's stop asked the provider to cancel it
 * @param uploadStarted whether an upload of its file was tried: only then may the
 * provider have it without its id being recorded
 * @param createStarted whether the batch's creation was tried, likewise
 * @param polls how often the provider was asked about it
 * @param nextPollAt when to ask next
 * @param lastError the last failure talking to the provider about it, until the next
 * success
 * @param createdAt when its items were assigned to it
 * @param submittedAt when the provider created the batch
 * @param endedAt when its outcome was applied to its items
 * @param version the optimistic lock version
 */
public record BatchPart(long id, String runId, int part, String gateway, String endpoint, String filename, State state,
		int lines, long bytes, @Nullable String inputFileId, @Nullable String batchId, @Nullable String providerStatus,
		int total, int completed, int failed, @Nullable String outputFileId, @Nullable String errorFileId,
		boolean cancelRequested, boolean uploadStarted, boolean createStarted, int polls, @Nullable Instant nextPollAt,
		@Nullable String lastError, Instant createdAt, @Nullable Instant submittedAt, @Nullable Instant endedAt,
		int version) {

	/**
	 * How far a part got; each state is recorded before the next step is taken.
	 */
	public enum State {

		/** Its items are assigned; its file may or may not have been uploaded. */
		PREPARED,

		/** Its file is at the provider; the batch may or may not have been created. */
		UPLOADED,

		/** The provider has the batch; it is polled until it ends. */
		SUBMITTED,

		/** Its output and errors were applied to its items. */
		ENDED

	}

}
