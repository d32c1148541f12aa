package io.imagebatch.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.CsvPromptReader;
import io.imagebatch.input.CsvSource;
import io.imagebatch.input.DbSource;
import io.imagebatch.input.DbSources;
import io.imagebatch.input.InputException;
import io.imagebatch.input.InputProperties;
import io.imagebatch.input.ReadResult;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.input.RowValidator;
import io.imagebatch.input.ValidatedRow;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one place that knows where a run's rows come from, by the form of its source:
 * {@code db:<name>} is a configured database source, {@code s3://bucket/key} a CSV object
 * reachable with the product's S3 client, {@code resubmit:<run>} the failed items of a
 * parent run (read through the resubmission kept with the run), anything else a CSV file
 * path. Each kind can be checked before a run is created and read, restartably, by the
 * load step; and read through once, validated as the load step validates, to look at an
 * input without creating anything.
 */
@Component
public class RowSources {

	private static final String DB_PREFIX = "db:";

	private static final String S3_PREFIX = "s3://";

	// the client is built, and an embedded S3 started, only when an input needs it
	private final ObjectProvider<S3Client> s3;

	private final DbSources databases;

	private final RunRepository runs;

	private final ItemRepository items;

	private final InputProperties limits;

	private final RowValidator validator;

	private final ObjectProvider<Gateways> gateways;

	private final DoneRows doneRows;

	RowSources(ObjectProvider<S3Client> s3, DbSources databases, RunRepository runs, ItemRepository items,
			InputProperties limits, RowValidator validator, ObjectProvider<Gateways> gateways, DoneRows doneRows) {
		this.s3 = s3;
		this.databases = databases;
		this.runs = runs;
		this.items = items;
		this.limits = limits;
		this.validator = validator;
		this.gateways = gateways;
		this.doneRows = doneRows;
	}

	/**
	 * Reads a source from its first row to its last and validates each row as the load
	 * step of a run would, handing the rows over one at a time, so nothing holds the
	 * whole input; creates, writes and calls nothing. With {@code skipDone}, the rows a
	 * run's load step would leave out as already done for the source are left out here
	 * too, looked up a batch at a time.
	 * @param source the input, as a run names it
	 * @param defaults values for columns a row leaves empty
	 * @param gateway the gateway of rows that name none
	 * @param skipDone whether to leave out the rows already done for the source (see
	 * {@link #skipDone(RunRequest)})
	 * @param rows given each row, valid or invalid as a run would load it, with the name
	 * of the gateway a valid row's call would go to ({@code null} for an invalid row)
	 * @return how many rows were left out as already done
	 * @throws InputException when the source cannot be used, as {@link Runs#create} would
	 * find
	 */
	public long validate(String source, RowDefaults defaults, String gateway, boolean skipDone,
			BiConsumer<ValidatedRow, @Nullable String> rows) {
		if (!skipDone) {
			validate(source, defaults, gateway, rows);
			return 0;
		}
		NotDoneRows notDone = new NotDoneRows(SkipDoneFilter.of(this.doneRows, source, null), rows);
		validate(source, defaults, gateway, notDone);
		notDone.flush();
		return notDone.alreadyDone();
	}

	/**
	 * Whether a run of the request leaves out the rows already done for its source: as
	 * the request says, else as the source's default (a database source's
	 * {@code skip-done} setting; off for CSV files, S3 objects and resubmissions).
	 * @param request the request
	 * @return whether done rows are left out
	 * @throws InputException for a database source that is not configured
	 */
	public boolean skipDone(RunRequest request) {
		if (request.skipDone() != null) {
			return request.skipDone();
		}
		return request.source().startsWith(DB_PREFIX) && database(request.source()).skipsDoneByDefault();
	}

	private void validate(String source, RowDefaults defaults, String gateway,
			BiConsumer<ValidatedRow, @Nullable String> rows) {
		check(source);
		Set<String> configured = this.gateways.getObject().names();
		ItemStreamReader<ReadResult> reader = reader(source);
		reader.open(new ExecutionContext());
		try {
			for (ReadResult read = reader.read(); read != null; read = reader.read()) {
				ValidatedRow row = this.validator.validate(read, defaults);
				String unknownGateway = (row instanceof ValidatedRow.Valid valid)
						? RowToItem.unknownGateway(valid, configured) : null;
				if (unknownGateway != null) {
					rows.accept(new ValidatedRow.Invalid(row.line(), row.externalId(), unknownGateway, Map.of()), null);
				}
				else if (row instanceof ValidatedRow.Valid valid) {
					rows.accept(valid, valid.metadata().getOrDefault(RunContext.GATEWAY_COLUMN, gateway));
				}
				else {
					rows.accept(row, null);
				}
			}
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read " + source + ": " + ex.getMessage(), ex);
		}
		finally {
			reader.close();
		}
	}

	/**
	 * Checks a source can be read, before anything is created or spent.
	 * @throws InputException when it cannot
	 */
	void check(String source) {
		if (source.startsWith(DB_PREFIX)) {
			database(source).check();
			return;
		}
		try (CsvPromptReader reader = new CsvPromptReader(csv(source), this.limits)) {
			// opening reads the header: a missing file or prompt column fails here
		}
	}

	/** The load step's reader for a run's source. */
	ItemStreamReader<ReadResult> reader(Run run) {
		Optional<Resubmission> resubmission = this.runs.resubmission(run.id());
		if (resubmission.isPresent()) {
			return new ResubmittedRowReader(this.items, resubmission.get());
		}
		return reader(run.source());
	}

	private ItemStreamReader<ReadResult> reader(String source) {
		return source.startsWith(DB_PREFIX) ? new DbRowReader(database(source))
				: new CsvRowReader(csv(source), this.limits);
	}

	private DbSource database(String source) {
		return this.databases.get(source.substring(DB_PREFIX.length()));
	}

	private CsvSource csv(String source) {
		if (!source.startsWith(S3_PREFIX)) {
			return CsvSource.of(Path.of(source));
		}
		String location = source.substring(S3_PREFIX.length());
		int slash = location.indexOf('/');
		if (slash <= 0 || slash == location.length() - 1) {
			throw new InputException("'%s' names no object: expected s3://bucket/key".formatted(source));
		}
		return CsvSource.of(this.s3.getObject(), location.substring(0, slash), location.substring(slash + 1));
	}

}
