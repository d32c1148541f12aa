package io.imagebatch.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run asked for as JSON (DESIGN §2.5): rows from a source, or inline.
 *
 * @param source {@code s3://bucket/key.csv} or {@code db:<source>}; a path on the
 * server's disk is refused (upload the file instead)
 * @param rows rows given inline, each with a {@code prompt} and any other columns
 * @param defaults values for the columns rows leave empty
 * @param gateway the gateway to call, the first configured when absent
 * @param budgetUsd stop before the call that would take spending past this
 * @param concurrency calls in flight at most
 * @param name a name for the run
 * @param mode {@code sync} (one call per item) or {@code batch} (the provider's Batch
 * API: half price, within 24 hours); the gateway's {@code mode} setting when absent
 * @param skipDone whether to leave out the rows whose {@code id} already succeeded for
 * the source in another run; the source's default when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubmitRequest(@Nullable String source, @Nullable List<Map<String, @Nullable Object>> rows,
		@Valid @Nullable RowDefaultsView defaults, @Nullable String gateway, @Nullable @Positive BigDecimal budgetUsd,
		@Nullable @Min(1) Integer concurrency, @Nullable @Size(max = 200) String name, @Nullable String mode,
		@Nullable Boolean skipDone) {

	/**
	 * The rows given inline, or {@code null} when a source is given instead.
	 * @throws FieldProblem when there are both or neither, or too many rows
	 */
	@Nullable List<Map<String, @Nullable Object>> checkedRows(int maxInlineRows) {
		if ((this.source == null) == (this.rows == null)) {
			throw new FieldProblem("source", "give either a 'source' (s3://bucket/key.csv or db:<source>) or 'rows'");
		}
		if (this.rows != null && (this.rows.isEmpty() || this.rows.size() > maxInlineRows)) {
			throw new FieldProblem("rows", "give 1 to " + maxInlineRows
					+ " rows inline, or upload them as a CSV file; got " + this.rows.size());
		}
		return this.rows;
	}

	/**
	 * The source, when it is one the server may read.
	 * @throws FieldProblem for a path: it would read the server's own disk
	 */
	String checkedSource() {
		String given = String.valueOf(this.source);
		if (!isServerSource(given)) {
			throw new FieldProblem("source",
					"a source is s3://bucket/key.csv or db:<source>; upload a local file as multipart 'file' instead");
		}
		return given;
	}

	/** Whether a source is read from S3 or a database, not from the server's disk. */
	static boolean isServerSource(String source) {
		return source.startsWith("s3://") || source.startsWith("db:");
	}

	RowDefaults rowDefaults() {
		return (this.defaults != null) ? this.defaults.toDefaults() : RowDefaults.NONE;
	}

	RunRequest toRunRequest(String readFrom) {
		return new RunRequest(readFrom, this.name, this.gateway, rowDefaults(), this.budgetUsd, this.concurrency,
				this.skipDone, RunsController.checkedMode(this.mode));
	}

}
