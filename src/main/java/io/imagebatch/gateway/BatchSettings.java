package io.imagebatch.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How a gateway's provider batches are made and followed, bound from
 * {@code imagebatch.gateways.<name>.batch}. The defaults are the OpenAI Batch API's
 * limits.
 *
 * @param maxLines requests in one batch file at most
 * @param maxFileSize the largest batch file uploaded
 * @param deleteFiles whether input, output and error files are deleted from the provider
 * once their results are stored
 * @param pollInterval the first wait between two looks at a batch under way
 * @param maxPollInterval the longest wait between two looks, the waits growing up to it
 * @param transferTimeout how long uploading one batch file, or reading one output or
 * error file, may take
 */
public record BatchSettings(@DefaultValue("50000") int maxLines, @DefaultValue("200MB") DataSize maxFileSize,
		@DefaultValue("true") boolean deleteFiles, @DefaultValue("10s") Duration pollInterval,
		@DefaultValue("5m") Duration maxPollInterval, @DefaultValue("30m") Duration transferTimeout) {

	public BatchSettings {
		if (maxLines < 1) {
			throw new IllegalArgumentException("batch.max-lines must be at least 1, was " + maxLines);
		}
		if (maxFileSize == null || maxFileSize.toBytes() < 1) {
			throw new IllegalArgumentException("batch.max-file-size must be positive, was " + maxFileSize);
		}
		if (pollInterval == null || !pollInterval.isPositive()) {
			throw new IllegalArgumentException("batch.poll-interval must be positive, was " + pollInterval);
		}
		if (maxPollInterval == null || maxPollInterval.compareTo(pollInterval) < 0) {
			throw new IllegalArgumentException("batch.max-poll-interval (" + maxPollInterval
					+ ") must not be shorter than batch.poll-interval (" + pollInterval + ")");
		}
		if (transferTimeout == null || !transferTimeout.isPositive()) {
			throw new IllegalArgumentException("batch.transfer-timeout must be positive, was " + transferTimeout);
		}
	}

	/** Every setting at its default. */
	public static BatchSettings defaults() {
		return new BatchSettings(50_000, DataSize.ofMegabytes(200), true, Duration.ofSeconds(10), Duration.ofMinutes(5),
				Duration.ofMinutes(30));
	}

}
