package io.imagebatch.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchSettingsTests {

	@Test
	void callsOneRequestAtATimeWithTheOpenAiBatchLimitsByDefault() {
		// when
		GatewaySettings settings = bind(Map.of()).gateways().get("x");

		// then
		assertThat(settings.mode()).isEqualTo(CallMode.SYNC);
		assertThat(settings.batch()).isEqualTo(BatchSettings.defaults());
		assertThat(settings.batch().maxLines()).isEqualTo(50_000);
		assertThat(settings.batch().maxFileSize()).isEqualTo(DataSize.ofMegabytes(200));
		assertThat(settings.batch().deleteFiles()).isTrue();
		assertThat(settings.batch().pollInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.batch().maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.batch().transferTimeout()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void bindsTheModeAndTheBatchSettingsOfAGateway() {
		// when
		GatewaySettings settings = bind(Map.of("imagebatch.gateways.x.mode", "batch",
				"imagebatch.gateways.x.batch.max-lines", "1000", "imagebatch.gateways.x.batch.max-file-size", "50MB",
				"imagebatch.gateways.x.batch.delete-files", "false", "imagebatch.gateways.x.batch.poll-interval", "30s",
				"imagebatch.gateways.x.batch.max-poll-interval", "10m", "imagebatch.gateways.x.batch.transfer-timeout",
				"1h"))
			.gateways()
			.get("x");

		// then
		assertThat(settings.mode()).isEqualTo(CallMode.BATCH);
		assertThat(settings.batch()).isEqualTo(new BatchSettings(1000, DataSize.ofMegabytes(50), false,
				Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1)));
	}

	@Test
	void bindsTheModeInAnyCase() {
		assertThat(bind(Map.of("imagebatch.gateways.x.mode", "BATCH")).gateways().get("x").mode())
			.isEqualTo(CallMode.BATCH);
	}

	@Test
	void refusesAnUnknownModeAtStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.gateways.x.mode", "async")))
			.withMessageContaining("imagebatch.gateways.x.mode");
	}

	@Test
	void refusesSettingsThatCouldNeverWork() {
		BatchSettings d = BatchSettings.defaults();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchSettings(0, d.maxFileSize(), true, d.pollInterval(), d.maxPollInterval(),
					d.transferTimeout()))
			.withMessage("batch.max-lines must be at least 1, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchSettings(1, DataSize.ofBytes(0), true, d.pollInterval(), d.maxPollInterval(),
					d.transferTimeout()))
			.withMessage("batch.max-file-size must be positive, was 0B");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchSettings(1, d.maxFileSize(), true, Duration.ZERO, d.maxPollInterval(),
					d.transferTimeout()))
			.withMessage("batch.poll-interval must be positive, was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchSettings(1, d.maxFileSize(), true, Duration.ofMinutes(1), Duration.ofSeconds(5),
					d.transferTimeout()))
			.withMessage("batch.max-poll-interval (PT5S) must not be shorter than batch.poll-interval (PT1M)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BatchSettings(1, d.maxFileSize(), true, d.pollInterval(), d.maxPollInterval(),
					Duration.ofSeconds(-1)))
			.withMessage("batch.transfer-timeout must be positive, was PT-1S");
	}

	@Test
	void refusesWrongBatchSettingsAtStartUpNamingTheSetting() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("imagebatch.gateways.x.batch.max-lines", "0")))
			.havingRootCause()
			.withMessage("batch.max-lines must be at least 1, was 0");
	}

	private static GatewayProperties bind(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("imagebatch.gateways.x.base-url", "https://api.example.com/v1");
		return new Binder(new MapConfigurationPropertySource(all))
			.bind("imagebatch", Bindable.of(GatewayProperties.class))
			.get();
	}

}
