package io.imagebatch.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A gateway's {@link BatchApi} as the rest of the product sees it: every failure, and
 * every message a batch carries, with the configured keys taken out.
 */
final class RedactedBatchApi implements BatchApi {

	private final BatchApi api;

	private final KeyRedaction redaction;

	RedactedBatchApi(BatchApi api, KeyRedaction redaction) {
		this.api = api;
		this.redaction = redaction;
	}

	@Override
	public ProviderFile upload(String filename, Path jsonl) {
		return redacted(() -> this.api.upload(filename, jsonl));
	}

	@Override
	public Optional<ProviderFile> findFile(String filename) {
		return redacted(() -> this.api.findFile(filename));
	}

	@Override
	public ProviderBatch create(String inputFileId, String endpoint, Map<String, String> metadata) {
		return redacted(() -> redact(this.api.create(inputFileId, endpoint, metadata)));
	}

	@Override
	public Optional<ProviderBatch> findBatchFor(String inputFileId) {
		return redacted(() -> this.api.findBatchFor(inputFileId).map(this::redact));
	}

	@Override
	public ProviderBatch retrieve(String batchId) {
		return redacted(() -> redact(this.api.retrieve(batchId)));
	}

	@Override
	public ProviderBatch cancel(String batchId) {
		return redacted(() -> redact(this.api.cancel(batchId)));
	}

	@Override
	public long readLines(String fileId, long maxLineBytes, Consumer<BatchFileLine> each) {
		return redacted(() -> this.api.readLines(fileId, maxLineBytes, each));
	}

	@Override
	public void delete(String fileId) {
		redacted(() -> {
			this.api.delete(fileId);
			return null;
		});
	}

	private <T> T redacted(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (GatewayException ex) {
			throw this.redaction.redact(ex);
		}
	}

	/** The provider's messages about a refused batch may echo a key, like any other. */
	private ProviderBatch redact(ProviderBatch batch) {
		if (batch.errors().isEmpty()) {
			return batch;
		}
		return new ProviderBatch(batch.id(), batch.status(), batch.endpoint(), batch.inputFileId(),
				batch.outputFileId(), batch.errorFileId(), batch.counts(),
				batch.errors()
					.stream()
					.map((error) -> new BatchError((error.code() != null) ? this.redaction.redact(error.code()) : null,
							(error.message() != null) ? this.redaction.redact(error.message()) : null, error.line()))
					.toList(),
				batch.metadata());
	}

}
