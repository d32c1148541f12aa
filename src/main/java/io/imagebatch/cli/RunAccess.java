package io.imagebatch.cli;

import java.math.BigDecimal;
import java.util.List;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemFailure;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.run.RunRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a command reaches runs: in this process on the database ({@link DatabaseRunAccess})
 * or through a running {@code serve}'s REST API ({@link HttpRunAccess}). The commands and
 * what they print are the same either way. Wherever a run is named, {@code latest} means
 * the most recent one.
 */
interface RunAccess {

	/** A run by id. */
	Run find(String run);

	/** A run with its counts, spending, owner and workers. */
	RunOverview overview(String run);

	/** The most recent runs, newest first. */
	List<RunOverview> recent(int limit);

	/** Where a run is now: what the progress line shows. */
	RunProgress progress(String runId);

	/** A run's report, as {@code report --format json} prints it. */
	RunReportJson report(String run);

	/** A run's items that did not succeed, by line; of one type or of all. */
	List<ItemFailure> failures(String runId, @Nullable ErrorType type);

	/** Creates a run QUEUED. */
	Run submit(RunRequest request);

	/**
	 * Waits until the run has ended, wherever it executes, and returns it as it ended.
	 */
	Run awaitEnd(String runId) throws InterruptedException;

	/** Asks a run to stop gracefully. */
	Run stop(String run);

	/**
	 * Continues a FAILED, STOPPED or crashed run and returns it as it ended: in this
	 * process, or on the server.
	 */
	Run restart(String runId, @Nullable BigDecimal budgetUsd) throws InterruptedException;

	/** Creates a run from another run's failed items. */
	ResubmissionPlan resubmit(Resubmission resubmission, @Nullable String name, @Nullable String gateway,
			@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable CallMode mode);

	/**
	 * Executes a newly created run to its end and returns it as it ended: in this
	 * process, or on the server.
	 */
	Run execute(String runId) throws InterruptedException;

	/** How a command prints JSON. */
	JsonMapper json();

}
