package io.imagebatch.run;

import java.math.BigDecimal;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks for when starting a run.
 *
 * @param source the input: a CSV path
 * @param name an optional name
 * @param gateway the gateway's name, {@code null} for the default
 * @param defaults defaults for missing columns
 * @param budgetUsd the spending cap, if any
 * @param concurrency calls in flight at most, {@code null} for the configured default
 * @param skipDone whether to leave out the rows whose {@code id} already succeeded for
 * the same source in another run, {@code null} for the source's default (a database
 * source's {@code skip-done} setting; off for CSV files and S3 objects)
 */
public record RunRequest(String source, @Nullable String name, @Nullable String gateway, RowDefaults defaults,
		@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable Boolean skipDone,
		@Nullable CallMode mode) {

	/** A request for the gateway's default mode. */
	public RunRequest(String source, @Nullable String name, @Nullable String gateway, RowDefaults defaults,
			@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable Boolean skipDone) {
		this(source, name, gateway, defaults, budgetUsd, concurrency, skipDone, null);
	}

	/** The same request in another mode. */
	public RunRequest withMode(@Nullable CallMode mode) {
		return new RunRequest(this.source, this.name, this.gateway, this.defaults, this.budgetUsd, this.concurrency,
				this.skipDone, mode);
	}

}
