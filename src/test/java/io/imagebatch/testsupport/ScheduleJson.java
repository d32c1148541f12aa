package io.imagebatch.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test data builder of the JSON body that creates a schedule over the API: a nightly
 * schedule in Europe/Berlin of the source given, changed field by field.
 */
public final class ScheduleJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, @Nullable Object> fields = new LinkedHashMap<>();

	private ScheduleJson() {
	}

	/** A nightly schedule (02:30 in Europe/Berlin) of dall-e-2 images at 256x256. */
	public static ScheduleJson aSchedule(String name, String source) {
		ScheduleJson schedule = new ScheduleJson();
		schedule.fields.put("name", name);
		schedule.fields.put("cron", "0 30 2 * * *");
		schedule.fields.put("zone", "Europe/Berlin");
		schedule.fields.put("source", source);
		schedule.fields.put("defaults", Map.of("model", "dall-e-2", "size", "256x256"));
		return schedule;
	}

	/** The same with one field set, or taken out when {@code value} is {@code null}. */
	public ScheduleJson with(String field, @Nullable Object value) {
		ScheduleJson changed = new ScheduleJson();
		changed.fields.putAll(this.fields);
		if (value == null) {
			changed.fields.remove(field);
		}
		else {
			changed.fields.put(field, value);
		}
		return changed;
	}

	public String json() {
		return JSON.writeValueAsString(this.fields);
	}

	@Override
	public String toString() {
		return json();
	}

}
