package io.imagebatch.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The settings as {@code /admin/config} shows and takes them. Field names are the
 * properties' kebab-case names ({@code requests-per-minute}); camelCase is accepted too.
 * A {@code PUT} names only what changes and goes through the same binder and checks as
 * start-up configuration, so {@code "2s"}, {@code "PT2S"} and {@code 2000} (millis) are
 * all durations and a bad value is refused naming the property. {@code null} puts a
 * setting back to its default.
 */
final class AdminConfig {

	private static final String PREFIX = "imagebatch.simulator";

	/** What may change over HTTP; the api keys, url store and ledger may not. */
	private static final List<String> ADJUSTABLE = List.of("latency", "latency-jitter", "model-latency", "slow-rate",
			"slow-latency", "reject-marker", "requests-per-minute", "images-per-minute", "rate-limit-burst",
			"error-rate", "drop-rate", "credit-images", "forbidden-keys", "seed", "throttle-rate",
			"throttle-retry-after", "drip-rate", "download-drip-rate", "drip-interval", "endless-rate",
			"download-endless-rate", "endless-body-limit", "pad-images-to", "image-url", "echo-key", "ansi-errors",
			"error-code-length", "error-message-size", "batch-processing-time", "batch-expire-after-lines",
			"batch-max-file-size");

	private static final List<String> FIXED = List.of("api-keys", "url-lifetime", "url-store-capacity",
			"ledger-capacity");

	private final JsonMapper json;

	AdminConfig(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The adjustable settings. Forbidden keys are secrets, so only their number is shown.
	 */
	JsonNode toJson(SimulatorProperties settings) {
		return this.json.valueToTree(Shown.of(settings));
	}

	/**
	 * The settings with a partial JSON object applied.
	 * @throws SimulatorError 400 when the object names an unknown or fixed setting or a
	 * value the properties refuse
	 */
	SimulatorProperties apply(SimulatorProperties current, JsonNode change) {
		if (change == null || !change.isObject()) {
			throw invalidConfig("The body must be a JSON object of settings, such as {\"requests-per-minute\": 60}.");
		}
		Map<String, String> source = toConfiguration(current);
		for (Map.Entry<String, JsonNode> field : change.properties()) {
			String name = adjustableName(field.getKey());
			String key = PREFIX + "." + name;
			source.keySet().removeIf((existing) -> existing.equals(key) || existing.startsWith(key + "["));
			put(source, key, field.getValue(), name);
		}
		try {
			return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate(PREFIX,
					SimulatorProperties.class);
		}
		catch (BindException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			throw invalidConfig(cause.getMessage());
		}
	}

	/** Every setting as configuration properties, so binding them gives them back. */
	static Map<String, String> toConfiguration(SimulatorProperties settings) {
		Map<String, String> source = new LinkedHashMap<>();
		source.put(PREFIX + ".latency", settings.latency().toString());
		source.put(PREFIX + ".latency-jitter", settings.latencyJitter().toString());
		source.put(PREFIX + ".url-lifetime", settings.urlLifetime().toString());
		source.put(PREFIX + ".reject-marker", settings.rejectMarker());
		putList(source, PREFIX + ".api-keys", settings.apiKeys());
		source.put(PREFIX + ".url-store-capacity", settings.urlStoreCapacity().toBytes() + "B");
		source.put(PREFIX + ".requests-per-minute", Integer.toString(settings.requestsPerMinute()));
		source.put(PREFIX + ".images-per-minute", Integer.toString(settings.imagesPerMinute()));
		source.put(PREFIX + ".rate-limit-burst", Integer.toString(settings.rateLimitBurst()));
		source.put(PREFIX + ".error-rate", Double.toString(settings.errorRate()));
		source.put(PREFIX + ".drop-rate", Double.toString(settings.dropRate()));
		source.put(PREFIX + ".slow-rate", Double.toString(settings.slowRate()));
		source.put(PREFIX + ".slow-latency", settings.slowLatency().toString());
		settings.modelLatency()
			.forEach((model, latency) -> source.put(PREFIX + ".model-latency[" + model + "]", latency.toString()));
		source.put(PREFIX + ".credit-images", Long.toString(settings.creditImages()));
		putList(source, PREFIX + ".forbidden-keys", settings.forbiddenKeys());
		if (settings.seed() != null) {
			source.put(PREFIX + ".seed", settings.seed().toString());
		}
		source.put(PREFIX + ".ledger-capacity", Integer.toString(settings.ledgerCapacity()));
		source.put(PREFIX + ".throttle-rate", Double.toString(settings.throttleRate()));
		source.put(PREFIX + ".throttle-retry-after", settings.throttleRetryAfter().toString());
		source.put(PREFIX + ".drip-rate", Double.toString(settings.dripRate()));
		source.put(PREFIX + ".download-drip-rate", Double.toString(settings.downloadDripRate()));
		source.put(PREFIX + ".drip-interval", settings.dripInterval().toString());
		source.put(PREFIX + ".endless-rate", Double.toString(settings.endlessRate()));
		source.put(PREFIX + ".download-endless-rate", Double.toString(settings.downloadEndlessRate()));
		source.put(PREFIX + ".endless-body-limit", settings.endlessBodyLimit().toBytes() + "B");
		source.put(PREFIX + ".pad-images-to", settings.padImagesTo().toBytes() + "B");
		source.put(PREFIX + ".image-url", settings.imageUrl());
		source.put(PREFIX + ".echo-key", Boolean.toString(settings.echoKey()));
		source.put(PREFIX + ".ansi-errors", Boolean.toString(settings.ansiErrors()));
		source.put(PREFIX + ".error-code-length", Integer.toString(settings.errorCodeLength()));
		source.put(PREFIX + ".error-message-size", settings.errorMessageSize().toBytes() + "B");
		source.put(PREFIX + ".batch-processing-time", settings.batchProcessingTime().toString());
		source.put(PREFIX + ".batch-expire-after-lines", Integer.toString(settings.batchExpireAfterLines()));
		source.put(PREFIX + ".batch-max-file-size", settings.batchMaxFileSize().toBytes() + "B");
		return source;
	}

	private static void putList(Map<String, String> source, String key, List<String> values) {
		for (int index = 0; index < values.size(); index++) {
			source.put(key + "[" + index + "]", values.get(index));
		}
	}

	private static String adjustableName(String field) {
		String wanted = canonical(field);
		for (String name : ADJUSTABLE) {
			if (canonical(name).equals(wanted)) {
				return name;
			}
		}
		for (String name : FIXED) {
			if (canonical(name).equals(wanted)) {
				throw invalidConfig("'" + name + "' cannot be changed while the simulator runs.");
			}
		}
		throw invalidConfig("Unknown setting '" + field + "'; adjustable are " + String.join(", ", ADJUSTABLE) + ".");
	}

	private static String canonical(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static void put(Map<String, String> source, String key, JsonNode value, String name) {
		if (value.isNull()) {
			// Absent from the source: the property's default applies.
			return;
		}
		if (value.isArray()) {
			int index = 0;
			for (JsonNode element : value) {
				source.put(key + "[" + index++ + "]", scalar(element, name));
			}
		}
		else if (value.isObject()) {
			for (Map.Entry<String, JsonNode> entry : value.properties()) {
				source.put(key + "[" + entry.getKey() + "]", scalar(entry.getValue(), name));
			}
		}
		else {
			source.put(key, scalar(value, name));
		}
	}

	private static String scalar(JsonNode value, String name) {
		if (!value.isValueNode() || value.isNull()) {
			throw invalidConfig("Invalid value for '" + name + "': expected a string or a number.");
		}
		return value.asString();
	}

	/** {@code 30s}, {@code 250ms}, or ISO-8601 for anything finer. */
	static String format(Duration duration) {
		if (duration.getNano() == 0) {
			return duration.getSeconds() + "s";
		}
		if (duration.getNano() % 1_000_000 == 0) {
			return duration.toMillis() + "ms";
		}
		return duration.toString();
	}

	/** {@code 10GB}, {@code 40MB}, {@code 512KB}, or bytes when none is whole. */
	static String format(DataSize size) {
		long bytes = size.toBytes();
		if (bytes != 0 && bytes % (1024 * 1024 * 1024) == 0) {
			return (bytes / (1024 * 1024 * 1024)) + "GB";
		}
		if (bytes != 0 && bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		if (bytes != 0 && bytes % 1024 == 0) {
			return (bytes / 1024) + "KB";
		}
		return bytes + "B";
	}

	private static SimulatorError invalidConfig(String message) {
		return SimulatorError.invalidRequest("invalid_config", message);
	}

	/**
	 * The adjustable settings as shown, in the units they are written in; an unset seed
	 * is shown as {@code null}.
	 */
	@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
	record Shown(String latency, String latencyJitter, Map<String, String> modelLatency, double slowRate,
			String slowLatency, String rejectMarker, int requestsPerMinute, int imagesPerMinute, int rateLimitBurst,
			double errorRate, double dropRate, long creditImages, int forbiddenKeyCount, @Nullable Long seed,
			double throttleRate, String throttleRetryAfter, double dripRate, double downloadDripRate,
			String dripInterval, double endlessRate, double downloadEndlessRate, String endlessBodyLimit,
			String padImagesTo, String imageUrl, boolean echoKey, boolean ansiErrors, int errorCodeLength,
			String errorMessageSize, String batchProcessingTime, int batchExpireAfterLines, String batchMaxFileSize) {

		static Shown of(SimulatorProperties settings) {
			Map<String, String> models = new TreeMap<>();
			settings.modelLatency().forEach((model, latency) -> models.put(model, format(latency)));
			return new Shown(format(settings.latency()), format(settings.latencyJitter()), models, settings.slowRate(),
					format(settings.slowLatency()), settings.rejectMarker(), settings.requestsPerMinute(),
					settings.imagesPerMinute(), settings.rateLimitBurst(), settings.errorRate(), settings.dropRate(),
					settings.creditImages(), settings.forbiddenKeys().size(), settings.seed(), settings.throttleRate(),
					format(settings.throttleRetryAfter()), settings.dripRate(), settings.downloadDripRate(),
					format(settings.dripInterval()), settings.endlessRate(), settings.downloadEndlessRate(),
					format(settings.endlessBodyLimit()), format(settings.padImagesTo()), settings.imageUrl(),
					settings.echoKey(), settings.ansiErrors(), settings.errorCodeLength(),
					format(settings.errorMessageSize()), format(settings.batchProcessingTime()),
					settings.batchExpireAfterLines(), format(settings.batchMaxFileSize()));
		}

	}

}
