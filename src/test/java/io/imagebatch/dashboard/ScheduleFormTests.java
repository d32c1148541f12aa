package io.imagebatch.dashboard;

import java.math.BigDecimal;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.schedule.ScheduleSpec;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScheduleFormTests {

	@Test
	void aPostedFormBecomesTheScheduleItAsksFor() {
		// given
		MultiValueMap<String, String> posted = aPostedForm();

		// when
		ScheduleSpec spec = ScheduleForm.of(posted).toSpec(null);

		// then
		assertThat(spec.name()).isEqualTo("nightly");
		assertThat(spec.cron()).isEqualTo("0 30 2 * * *");
		assertThat(spec.zone()).isEqualTo("Europe/Berlin");
		assertThat(spec.enabled()).isTrue();
		assertThat(spec.overlap()).isEqualTo(Overlap.QUEUE);
		assertThat(spec.misfire()).isEqualTo(Misfire.RUN_ONCE);
		assertThat(spec.dailyCapUsd()).isEqualByComparingTo("10");
		assertThat(spec.monthlyCapUsd()).isNull();
		RunRequest run = spec.run();
		assertThat(run.source()).isEqualTo("db:new_products");
		assertThat(run.gateway()).isNull();
		assertThat(run.budgetUsd()).isEqualByComparingTo("2.50");
		assertThat(run.concurrency()).isEqualTo(4);
		assertThat(run.defaults())
			.isEqualTo(new RowDefaults("dall-e-3", null, "hd", null, null, null, null, null, null));
	}

	@Test
	void anEditKeepsWhatTheFormDoesNotShow() {
		// given: a schedule made through the API with a style, n and a run name
		RunRequest editing = new RunRequest("db:old", "catalog", "sim",
				new RowDefaults("dall-e-2", "256x256", null, "vivid", 2, null, null, "png", null), null, null, null);

		// when
		ScheduleSpec spec = ScheduleForm.of(aPostedForm()).toSpec(editing);

		// then
		assertThat(spec.run().name()).isEqualTo("catalog");
		assertThat(spec.run().defaults())
			.isEqualTo(new RowDefaults("dall-e-3", null, "hd", "vivid", 2, null, null, "png", null));
	}

	@Test
	void aScheduleShownAsAFormPostsItselfBackUnchanged() {
		// given
		ScheduleSpec spec = ScheduleForm.of(aPostedForm()).toSpec(null);

		// when
		ScheduleForm form = ScheduleForm.of(spec);

		// then
		assertThat(form.budgetUsd()).isEqualTo("2.50");
		assertThat(form.dailyCapUsd()).isEqualTo("10.00");
		assertThat(form.toSpec(spec.run())).usingRecursiveComparison()
			.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
			.isEqualTo(spec);
	}

	@Test
	void whatIsNotANumberOrAChoiceIsRefusedNamingItsField() {
		assertRefused("concurrency", "four", "whole number");
		assertRefused("budget_usd", "a lot", "The budget per run must be a positive amount");
		assertRefused("daily_cap_usd", "0", "The daily cap must be a positive amount");
		assertRefused("overlap", "SOMETIMES", "SKIP, QUEUE");
	}

	private static void assertRefused(String field, String value, String message) {
		MultiValueMap<String, String> posted = aPostedForm();
		posted.set(field, value);
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> ScheduleForm.of(posted).toSpec(null))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo(field))
			.withMessageContaining(message);
	}

	@Test
	void theModeChosenIsKeptAndShownAgainAndAnUnknownOneIsRefusedByItsField() {
		// given
		MultiValueMap<String, String> batch = aPostedForm();
		batch.set("mode", "batch");
		MultiValueMap<String, String> unknown = aPostedForm();
		unknown.set("mode", "turbo");

		// when
		ScheduleSpec spec = ScheduleForm.of(batch).toSpec(null);
		ScheduleSpec gatewaysOwn = ScheduleForm.of(aPostedForm()).toSpec(null);

		// then
		assertThat(spec.run().mode()).isEqualTo(CallMode.BATCH);
		assertThat(ScheduleForm.of(spec).mode()).isEqualTo("batch");
		assertThat(gatewaysOwn.run().mode()).isNull();
		assertThat(ScheduleForm.of(gatewaysOwn).mode()).isEmpty();
		assertThatExceptionOfType(ScheduleRefused.class).isThrownBy(() -> ScheduleForm.of(unknown).toSpec(null))
			.satisfies((refused) -> assertThat(refused.field()).isEqualTo("mode"));
	}

	private static MultiValueMap<String, String> aPostedForm() {
		MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
		posted.add("name", " nightly ");
		posted.add("cron", "0 30 2 * * *");
		posted.add("zone", "Europe/Berlin");
		posted.add("enabled", "true");
		posted.add("overlap", "QUEUE");
		posted.add("misfire", "RUN_ONCE");
		posted.add("source", "db:new_products");
		posted.add("model", "dall-e-3");
		posted.add("size", "");
		posted.add("quality", "hd");
		posted.add("gateway", "");
		posted.add("budget_usd", "$2.50");
		posted.add("concurrency", "4");
		posted.add("daily_cap_usd", "10");
		posted.add("monthly_cap_usd", " ");
		return posted;
	}

}
