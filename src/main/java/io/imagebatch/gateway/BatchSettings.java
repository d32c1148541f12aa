package io.imagebatch.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

public record BatchSettings(@DefaultValue("50000") int maxLines, @DefaultValue("200MB") DataSize maxFileSize,
		@DefaultValue("true") boolean deleteFiles, @DefaultValue("10s") Duration pollInterval,
		@DefaultValue("5m") Duration maxPollInterval, @DefaultValue("30m") Duration transferTimeout) {

	public static BatchSettings defaults() {
		return new BatchSettings(50000, DataSize.ofMegabytes(200), true, Duration.ofSeconds(10), Duration.ofMinutes(5),
				Duration.ofMinutes(30));
	}

}
