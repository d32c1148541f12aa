package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.schedule.ScheduleSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * The schedule form's fields as typed, kept as text so that a refused form comes back
 * with what the user wrote. Inputs are named as the API names the fields (and as
 * {@link ScheduleRefused#field()} names them: {@code budget_usd},
 * {@code daily_cap_usd}…), so a refusal points at its input by name.
 *
 * @param name the schedule's name
 * @param cron when it fires
 * @param zone the zone its cron is read in
 * @param source where each firing's rows come from
 * @param model the default model
 * @param size the default size
 * @param quality the default quality
 * @param gateway the gateway, empty for the default
 * @param budgetUsd the budget of each run
 * @param concurrency calls in flight at most per run
 * @param overlap {@code SKIP} or {@code QUEUE}
 * @param misfire {@code SKIP} or {@code RUN_ONCE}
 * @param dailyCapUsd the daily spend cap
 * @param monthlyCapUsd the monthly spend cap
 * @param enabled whether it fires
 * @param skipDone whether a firing leaves out rows already done for the source
 * @param mode {@code sync} or {@code batch}, empty for the gateway's setting
 */
record ScheduleForm(String name, String cron, String zone, String source, String model, String size, String quality,
		String gateway, String budgetUsd, String concurrency, String overlap, String misfire, String dailyCapUsd,
		String monthlyCapUsd, boolean enabled, boolean skipDone, String mode) {

	/** A new schedule's form: its zone UTC, skipping overlaps and missed firings. */
	static ScheduleForm blank() {
		return new ScheduleForm("", "", "UTC", "", "", "", "", "", "", "", Overlap.SKIP.name(), Misfire.SKIP.name(), "",
				"", true, true, "");
	}

	/** The form of a schedule to edit, as it is set. */
	static ScheduleForm of(ScheduleSpec spec) {
		RunRequest run = spec.run();
		RowDefaults defaults = run.defaults();
		return new ScheduleForm(spec.name(), spec.cron(), spec.zone(), run.source(), text(defaults.model()),
				text(defaults.size()), text(defaults.quality()), text(run.gateway()), text(run.budgetUsd()),
				text(run.concurrency()), spec.overlap().name(), spec.misfire().name(), text(spec.dailyCapUsd()),
				text(spec.monthlyCapUsd()), spec.enabled(), spec.skipsDone(),
				(run.mode() != null) ? run.mode().id() : "");
	}

	/** The form as posted; an unchecked box posts nothing. */
	static ScheduleForm of(MultiValueMap<String, String> posted) {
		Function<String, String> field = (name) -> {
			String value = posted.getFirst(name);
			return (value != null) ? value : "";
		};
		return new ScheduleForm(field.apply("name"), field.apply("cron"), field.apply("zone"), field.apply("source"),
				field.apply("model"), field.apply("size"), field.apply("quality"), field.apply("gateway"),
				field.apply("budget_usd"), field.apply("concurrency"), field.apply("overlap"), field.apply("misfire"),
				field.apply("daily_cap_usd"), field.apply("monthly_cap_usd"), posted.containsKey("enabled"),
				posted.containsKey("skip_done"), field.apply("mode"));
	}

	/**
	 * What the form asks for, to create a schedule or replace one's settings. What the
	 * form does not show of a schedule being edited (its run names, other defaults) is
	 * kept.
	 * @param editing the run request of the schedule being edited, {@code null} for a new
	 * one
	 * @throws ScheduleRefused naming the field that is not a number, an amount or a
	 * choice
	 */
	ScheduleSpec toSpec(@Nullable RunRequest editing) {
		RowDefaults kept = (editing != null) ? editing.defaults() : RowDefaults.NONE;
		RowDefaults defaults = new RowDefaults(orNull(this.model), orNull(this.size), orNull(this.quality),
				kept.style(), kept.n(), kept.background(), kept.moderation(), kept.outputFormat(),
				kept.responseFormat());
		// the one place the dashboard makes a run request
		RunRequest run = new RunRequest(this.source.strip(), (editing != null) ? editing.name() : null,
				orNull(this.gateway), defaults, usd(this.budgetUsd, "budget_usd", "The budget per run"),
				parsedConcurrency(), this.skipDone, parsedMode());
		return new ScheduleSpec(this.name.strip(), this.cron, this.zone, run, this.enabled,
				choice(Overlap.values(), this.overlap, "overlap"), choice(Misfire.values(), this.misfire, "misfire"),
				usd(this.dailyCapUsd, "daily_cap_usd", "The daily cap"),
				usd(this.monthlyCapUsd, "monthly_cap_usd", "The monthly cap"));
	}

	/**
	 * The choices of overlap, in words short enough for a phone's select; the field's
	 * label asks the question.
	 */
	static List<Choice> overlaps() {
		return List.of(new Choice(Overlap.SKIP.name(), "Skip the firing"),
				new Choice(Overlap.QUEUE.name(), "Submit its run anyway"));
	}

	/** The choices of misfire, in words as short. */
	static List<Choice> misfires() {
		return List.of(new Choice(Misfire.SKIP.name(), "Skip them (recorded as missed)"),
				new Choice(Misfire.RUN_ONCE.name(), "Run once for all of them"));
	}

	/** The choices of mode; the empty one leaves it to the gateway's setting. */
	static List<Choice> modes() {
		return List.of(new Choice("", "The gateway's setting"),
				new Choice(CallMode.SYNC.id(), "Synchronously, one call per item"),
				new Choice(CallMode.BATCH.id(), "In provider batches: half price, within 24 hours"));
	}

	private @Nullable CallMode parsedMode() {
		if (this.mode.isBlank()) {
			return null;
		}
		try {
			return CallMode.of(this.mode);
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleRefused("mode", "choose sync, batch or the gateway's setting");
		}
	}

	private @Nullable Integer parsedConcurrency() {
		if (this.concurrency.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(this.concurrency.strip());
		}
		catch (NumberFormatException ex) {
			throw new ScheduleRefused("concurrency", "Concurrency must be a whole number of calls, such as 4");
		}
	}

	private static @Nullable BigDecimal usd(String text, String field, String label) {
		try {
			return Forms.usd(text, label);
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleRefused(field, ex.getMessage());
		}
	}

	private static <E extends Enum<E>> E choice(E[] choices, String text, String field) {
		String wanted = text.strip().toUpperCase(Locale.ROOT);
		return Arrays.stream(choices)
			.filter((choice) -> choice.name().equals(wanted))
			.findFirst()
			.orElseThrow(() -> new ScheduleRefused(field, "choose one of " + Arrays.toString(choices)));
	}

	private static @Nullable String orNull(String text) {
		return text.isBlank() ? null : text.strip();
	}

	private static String text(@Nullable Object value) {
		if (value instanceof BigDecimal usd) {
			// as stored (six places) it would read 2.500000
			BigDecimal stripped = usd.stripTrailingZeros();
			return stripped.setScale(Math.max(stripped.scale(), 2)).toPlainString();
		}
		return (value != null) ? value.toString() : "";
	}

	/**
	 * One option of a choice.
	 *
	 * @param value what the form posts
	 * @param label what the user reads
	 */
	record Choice(String value, String label) {

	}

}
