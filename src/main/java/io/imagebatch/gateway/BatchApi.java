package io.imagebatch.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

public interface BatchApi {

	ProviderFile upload(String filename, Path jsonl);

	Optional<ProviderFile> findFile(String filename);

	ProviderBatch create(String inputFileId, String endpoint, Map<String, String> metadata);

	Optional<ProviderBatch> findBatchFor(String inputFileId);

	ProviderBatch retrieve(String batchId);

	ProviderBatch cancel(String batchId);

	long readLines(String fileId, long maxLineBytes, Consumer<BatchFileLine> each);

	void delete(String fileId);

}
