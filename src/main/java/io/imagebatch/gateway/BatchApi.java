package io.imagebatch.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A gateway's provider Batch API (the OpenAI Batch API shape): files of requests
 * uploaded, batches created from them and followed, their output and error files read
 * back. Every method throws {@link GatewayException}, classified like a synchronous
 * call's failure (401, 402, 403 {@link ErrorKind#FATAL FATAL}; 5xx, timeouts and no
 * answer {@link ErrorKind#TRANSIENT TRANSIENT}; 400, 404 {@link ErrorKind#REJECTED
 * REJECTED}), with the provider's code and message and never a key.
 */
public interface BatchApi {

	/**
	 * Uploads a JSONL file of requests ({@code purpose=batch}), streamed from disk within
	 * {@code batch.transfer-timeout}.
	 * @param filename the name the provider keeps, by which {@link #findFile} finds it
	 * @param jsonl the file
	 * @return the stored file
	 * @throws IllegalArgumentException when the file is larger than
	 * {@code batch.max-file-size}; nothing is sent
	 */
	ProviderFile upload(String filename, Path jsonl);

	/**
	 * The newest batch file uploaded under {@code filename}: how an upload whose answer
	 * was lost is found again.
	 */
	Optional<ProviderFile> findFile(String filename);

	/**
	 * Creates a batch of the requests in a file, to be run within 24 hours.
	 * @param inputFileId the uploaded file
	 * @param endpoint the API path every line calls ({@link BatchRequest#url()})
	 * @param metadata up to 16 short strings the batch keeps
	 * @return the new batch
	 */
	ProviderBatch create(String inputFileId, String endpoint, Map<String, String> metadata);

	/**
	 * The newest batch made from {@code inputFileId}: how a creation whose answer was
	 * lost is found again.
	 */
	Optional<ProviderBatch> findBatchFor(String inputFileId);

	/** The batch as it stands now. */
	ProviderBatch retrieve(String batchId);

	/**
	 * Asks the provider to stop a batch; requests not yet run end up in its error file.
	 * @return the batch, {@code cancelling} or already ended
	 */
	ProviderBatch cancel(String batchId);

	/**
	 * Reads an output or error file line by line as it arrives, never the whole file in
	 * memory, within {@code batch.transfer-timeout}. Each {@link BatchFileLine.Content}
	 * is closed once {@code each} returns. When the transfer fails part way, the lines
	 * before the failure have been handed over already: read the file again from the
	 * start.
	 * @param fileId the file
	 * @param maxLineBytes the longest line held; longer ones come as
	 * {@link BatchFileLine.TooLong}
	 * @param each receives the lines in file order
	 * @return how many lines were handed over
	 */
	long readLines(String fileId, long maxLineBytes, Consumer<BatchFileLine> each);

	/** Deletes a file at the provider; one already gone counts as deleted. */
	void delete(String fileId);

}
