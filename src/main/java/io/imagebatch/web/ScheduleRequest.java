package io.imagebatch.web;

import java.math.BigDecimal;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A schedule as created or replaced over the API (DESIGN §2.6), and the body of an
 * estimate of one firing. The schedule module checks every value and names the field at
 * fault, with these names.
 *
 * @param name its name: letters, digits, {@code .}, {@code _} and {@code -}; a
 * replacement may leave it out
 * @param cron when it fires: 5 or 6 fields, or a macro such as {@code @daily}
 * @param zone the time zone its cron, days and months are read in, e.g.
 * {@code Europe/Berlin}
 * @param source {@code s3://bucket/key.csv} or {@code db:<source>}, read at every firing
 * @param defaults values for the columns rows leave empty
 * @param gateway the gateway its runs call, the first configured when absent
 * @param budgetUsd each run's budget
 * @param concurrency each run's calls in flight at most
 * @param runName what its runs' names start with (its own name when absent), before the
 * fire time
 * @param enabled whether it fires (default true)
 * @param overlap a firing while its previous run is active: {@code SKIP} (default) or
 * {@code QUEUE}
 * @param misfire firings missed while no serve ran: {@code SKIP} (default) or
 * {@code RUN_ONCE}
 * @param dailyCapUsd the most its runs may spend in a day of its zone
 * @param monthlyCapUsd the most its runs may spend in a month of its zone
 * @param skipDone whether a firing leaves out rows whose id already succeeded for the
 * source (default true: a schedule reads the same source again and again)
 * @param mode how its runs' calls are made: {@code sync} or {@code batch} (the provider's
 * Batch API, at half price); the gateway's {@code mode} setting when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleRequest(@Nullable String name, @Nullable String cron, @Nullable String zone,
		@Nullable String source, @Valid @Nullable RowDefaultsView defaults, @Nullable String gateway,
		@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable @Size(max = 200) String runName,
		@Nullable Boolean enabled, @Nullable Overlap overlap, @Nullable Misfire misfire,
		@Nullable BigDecimal dailyCapUsd, @Nullable BigDecimal monthlyCapUsd, @Nullable Boolean skipDone,
		@Nullable String mode) {

	/** The request that creates a schedule as set: how the command line sends one. */
	public static ScheduleRequest of(ScheduleSpec spec) {
		RunRequest run = spec.run();
		return new ScheduleRequest(spec.name(), spec.cron(), spec.zone(), run.source(),
				RowDefaultsView.of(run.defaults()), run.gateway(), run.budgetUsd(), run.concurrency(), run.name(),
				spec.enabled(), spec.overlap(), spec.misfire(), spec.dailyCapUsd(), spec.monthlyCapUsd(),
				run.skipDone(), (run.mode() != null) ? run.mode().id() : null);
	}

	/**
	 * The source, when it is one the server may read.
	 * @param current what the schedule reads now, when it is replaced: a CSV path set on
	 * the command line of a serve's host may stay
	 * @throws FieldProblem for a new path: it would read the server's own disk
	 */
	String checkedSource(@Nullable String current) {
		if (this.source == null || !(SubmitRequest.isServerSource(this.source) || this.source.equals(current))) {
			throw new FieldProblem("source", "a schedule's source is s3://bucket/key.csv or db:<source>; "
					+ "a path would be read from the server's own disk");
		}
		return this.source;
	}

	/**
	 * The schedule asked for, reading {@code source}; the schedule module checks it and
	 * names what is missing or wrong.
	 * @param named its name when the request leaves it out
	 */
	ScheduleSpec toSpec(@Nullable String named, String source) {
		RowDefaults rowDefaults = (this.defaults != null) ? this.defaults.toDefaults() : RowDefaults.NONE;
		RunRequest run = new RunRequest(source, this.runName, this.gateway, rowDefaults, this.budgetUsd,
				this.concurrency, this.skipDone, RunsController.checkedMode(this.mode));
		return new ScheduleSpec((this.name != null) ? this.name : named, this.cron, this.zone, run,
				!Boolean.FALSE.equals(this.enabled), (this.overlap != null) ? this.overlap : Overlap.SKIP,
				(this.misfire != null) ? this.misfire : Misfire.SKIP, this.dailyCapUsd, this.monthlyCapUsd);
	}

}
