package io.imagebatch.web;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.imagebatch.cost.Cost;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run as the API shows it: what was asked, where it is, what it has cost, its pace and
 * the time left. Money is a decimal string with six places.
 *
 * @param id the run id
 * @param name its name, if any
 * @param source where its rows come from
 * @param gateway the gateway it calls
 * @param status where it is
 * @param statusReason why it stopped or failed
 * @param owner the worker running its job, while it runs
 * @param defaults defaults for columns its rows leave empty
 * @param budgetUsd its spending cap, if any
 * @param concurrency calls in flight at most
 * @param parentRun the run it resubmits, if any
 * @param createdAt when it was submitted
 * @param startedAt when it last started
 * @param endedAt when it ended
 * @param items its items by status
 * @param spentUsd what it has cost so far
 * @param itemsPerMinute items settled per minute since it last started
 * @param etaSeconds seconds left at that pace, while it runs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(Include.NON_NULL)
public record RunView(String id, @Nullable String name, String source, String gateway, String status,
		@Nullable String statusReason, @Nullable String owner, RowDefaultsView defaults, @Nullable String budgetUsd,
		int concurrency, @Nullable String parentRun, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant endedAt, Items items, String spentUsd, @Nullable Double itemsPerMinute,
		@Nullable Long etaSeconds) {

	/** The run as it stands, with its owner while it runs. */
	static RunView of(RunProgress progress, Runs runs) {
		Run run = progress.run();
		String owner = (run.status() == RunStatus.RUNNING) ? runs.owner(run.id()).orElse(null) : null;
		BigDecimal budget = run.budgetUsd();
		return new RunView(run.id(), run.name(), run.source(), run.gateway(), run.status().name(), run.statusReason(),
				owner, RowDefaultsView.of(run.defaults()), (budget != null) ? Cost.format(budget) : null,
				run.concurrency(), run.parentRunId(), run.createdAt(), run.startedAt(), run.endedAt(),
				Items.of(progress.items()), Cost.format(progress.spentUsd()),
				(progress.itemsPerMinute() != null) ? Math.round(progress.itemsPerMinute() * 10) / 10.0 : null,
				(progress.eta() != null) ? progress.eta().toSeconds() : null);
	}

	/**
	 * A run's items by status.
	 *
	 * @param total all of them
	 * @param pending waiting for a call
	 * @param inFlight being called for now
	 * @param succeeded stored
	 * @param failed failed, resubmittable
	 * @param invalid refused before any call
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Items(long total, long pending, long inFlight, long succeeded, long failed, long invalid) {

		static Items of(ItemCounts counts) {
			return new Items(counts.total(), counts.pending(), counts.inFlight(), counts.succeeded(), counts.failed(),
					counts.invalid());
		}

	}

}
