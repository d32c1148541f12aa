package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Instant;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;

/**
 * A run: one job over one input.
 *
 * @param id the run id, also the first part of its object keys
 * @param name an optional name
 * @param source where the rows came from
 * @param gateway the gateway's name
 * @param status where it is
 * @param statusReason why it stopped or failed
 * @param defaults defaults for missing columns
 * @param budgetUsd the spending cap, if any
 * @param concurrency calls in flight at most
 * @param parentRunId the run it resubmits, if any
 * @param createdAt when it was created
 * @param startedAt when it last started
 * @param endedAt when it ended
 * @param skipDone whether its load step leaves out the rows already done for its source
 * @param rowsAlreadyDone how many rows its load step left out as already done
 * @param schedule the schedule whose firing created it, if any
 * @param fireTime the time that firing fired for, if any
 * @param mode how its calls are made: synchronously, or through the provider's Batch API
 */
public record Run(String id, @Nullable String name, String source, String gateway, RunStatus status,
		@Nullable String statusReason, RowDefaults defaults, @Nullable BigDecimal budgetUsd, int concurrency,
		@Nullable String parentRunId, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant endedAt,
		boolean skipDone, long rowsAlreadyDone, @Nullable String schedule, @Nullable Instant fireTime, CallMode mode) {

}
