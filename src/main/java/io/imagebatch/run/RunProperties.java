package io.imagebatch.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How runs execute.
 *
 * @param concurrency calls in flight per run unless {@code --concurrency} says otherwise
 * @param maxAttempts calls per item for transient failures (429s do not count)
 * @param initialBackoff the first wait after a transient failure
 * @param maxBackoff the longest wait between attempts
 * @param storageAttempts puts per image while S3 is unavailable
 * @param loadChunkSize rows written per load transaction
 * @param manifestPageSize items read per query while writing a run's manifest
 */
@ConfigurationProperties("imagebatch.run")
public record RunProperties(@DefaultValue("8") int concurrency, @DefaultValue("4") int maxAttempts,
		@DefaultValue("1s") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
		@DefaultValue("5") int storageAttempts, @DefaultValue("500") int loadChunkSize,
		@DefaultValue("1000") int manifestPageSize) {

	public RunProperties {
		if (manifestPageSize < 1) {
			throw new IllegalArgumentException(
					"imagebatch.run.manifest-page-size must be at least 1, got " + manifestPageSize);
		}
	}

}
