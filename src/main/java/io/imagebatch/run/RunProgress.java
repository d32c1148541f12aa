package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import io.imagebatch.cost.Cost;
import org.jspecify.annotations.Nullable;

/**
 * Where a run stands now: what the CLI's progress line, the API and the dashboard show.
 *
 * @param run the run
 * @param items its items by status
 * @param spentUsd what it has cost so far
 * @param itemsPerMinute items settled (succeeded or failed) per minute since it last
 * started, {@code null} before it started
 * @param eta time left at that pace, {@code null} when there is no pace yet or it ended
 * @param at when this was read
 * @param savedUsd what its calls made in provider batches cost less than synchronous
 * calls would have: zero for a synchronous run
 */
public record RunProgress(Run run, ItemCounts items, BigDecimal spentUsd, @Nullable Double itemsPerMinute,
		@Nullable Duration eta, Instant at, BigDecimal savedUsd) {

	/** Where a run stands that saved nothing by batch calls. */
	public RunProgress(Run run, ItemCounts items, BigDecimal spentUsd, @Nullable Double itemsPerMinute,
			@Nullable Duration eta, Instant at) {
		this(run, items, spentUsd, itemsPerMinute, eta, at, BigDecimal.ZERO.setScale(Cost.SCALE));
	}

	static RunProgress of(Run run, ItemCounts items, BigDecimal spentUsd, Instant now) {
		return of(run, items, spentUsd, BigDecimal.ZERO.setScale(Cost.SCALE), now);
	}

	static RunProgress of(Run run, ItemCounts items, BigDecimal spentUsd, BigDecimal savedUsd, Instant now) {
		Instant started = run.startedAt();
		if (started == null) {
			return new RunProgress(run, items, spentUsd, null, null, now, savedUsd);
		}
		Instant until = (run.endedAt() != null) ? run.endedAt() : now;
		double minutes = Math.max(Duration.between(started, until).toMillis(), 1) / 60_000.0;
		double pace = (items.succeeded() + items.failed()) / minutes;
		long left = items.pending() + items.inFlight();
		Duration eta = (run.status().isFinal() || pace <= 0) ? null
				: Duration.ofSeconds((long) Math.ceil(left / pace * 60));
		return new RunProgress(run, items, spentUsd, pace, eta, now, savedUsd);
	}

}
