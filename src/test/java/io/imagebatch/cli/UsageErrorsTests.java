package io.imagebatch.cli;

import io.imagebatch.run.RunChangeRefused;
import io.imagebatch.run.RunChangeRefused.Change;
import io.imagebatch.run.RunChangedConcurrently;
import io.imagebatch.run.RunNotFound;
import io.imagebatch.run.RunStatus;
import io.imagebatch.schedule.ScheduleNotFound;
import io.imagebatch.schedule.ScheduleRefused;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageErrorsTests {

	@Test
	void aRunChangedByAnotherCommandEndsTheCommandWithTheUsageExitCode() {
		// given
		RunChangedConcurrently conflict = new RunChangedConcurrently("run-1", 3);

		// when
		boolean usage = UsageErrors.isUsage(conflict);

		// then
		assertThat(usage).isTrue();
	}

	@Test
	void aRunChangedByAnotherCommandIsReportedAsAConflictThatChangedNothingAndPointsAtTheRunsStatus() {
		// given
		RunChangedConcurrently conflict = new RunChangedConcurrently("run-1", 3);

		// when
		String message = UsageErrors.message(conflict);

		// then
		assertThat(message).contains("run run-1 was changed by another command")
			.contains("this command did nothing")
			.contains("'status run-1'")
			.doesNotContain("version");
	}

	@Test
	void anyOtherUsageErrorIsReportedWithItsOwnMessage() {
		// given
		IllegalArgumentException bad = new IllegalArgumentException("no run 'nope'");

		// when
		String message = UsageErrors.message(bad);

		// then
		assertThat(message).isEqualTo("no run 'nope'");
	}

	@Test
	void aRunningRunWhoseProcessIsAliveIsStoppedBeforeItIsRestarted() {
		// given
		RunChangeRefused refused = new RunChangeRefused("run-1", Change.RESTART, RunStatus.RUNNING, "42@host", false);

		// when
		String message = UsageErrors.message(refused);

		// then
		assertThat(UsageErrors.isUsage(refused)).isTrue();
		assertThat(message).isEqualTo("run run-1 is RUNNING, and its process 42@host is alive: it cannot be restarted; "
				+ "'stop run-1' first");
	}

	@Test
	void aCompletedRunIsResubmittedRatherThanRestarted() {
		// given
		RunChangeRefused refused = new RunChangeRefused("run-1", Change.RESTART, RunStatus.COMPLETED, null, false);

		// when
		String message = UsageErrors.message(refused);

		// then
		assertThat(message).endsWith("it cannot be restarted; 'resubmit run-1' retries its failed items");
	}

	@Test
	void aRunWhoseProcessIsGoneIsRestartedRatherThanStopped() {
		// given
		RunChangeRefused refused = new RunChangeRefused("run-1", Change.STOP, RunStatus.RUNNING, "42@host", true);

		// when
		String message = UsageErrors.message(refused);

		// then
		assertThat(message).isEqualTo(
				"run run-1 is RUNNING, but its process is gone: it cannot be stopped; a live worker adopts it, or 'imagebatch restart run-1' continues it here");
	}

	@Test
	void aStoppedRunCannotBeStoppedAgainAndNeedsNoNextStep() {
		// given
		RunChangeRefused refused = new RunChangeRefused("run-1", Change.STOP, RunStatus.STOPPED, "42@host", false);

		// when
		String message = UsageErrors.message(refused);

		// then
		assertThat(message).isEqualTo("run run-1 is STOPPED: it cannot be stopped");
	}

	@Test
	void anUnknownRunPointsAtTheListOfRuns() {
		// when
		String message = UsageErrors.message(new RunNotFound("nope"));

		// then
		assertThat(message).isEqualTo("no run 'nope'; 'runs' lists them");
	}

	@Test
	void anUnknownSchedulePointsAtTheListOfSchedulesWithTheUsageExitCode() {
		// given
		ScheduleNotFound unknown = new ScheduleNotFound("nightly");

		// when
		String message = UsageErrors.message(unknown);

		// then
		assertThat(UsageErrors.isUsage(unknown)).isTrue();
		assertThat(message).isEqualTo("no schedule named 'nightly'; 'schedule list' lists them");
	}

	@Test
	void aRefusedScheduleNamesTheOptionThatSetsTheFieldAtFault() {
		// when
		String cap = UsageErrors.message(new ScheduleRefused("daily_cap_usd", "daily_cap_usd must be more than 0 USD"));
		String cron = UsageErrors.message(new ScheduleRefused("cron", "'x' is not a cron expression"));
		String source = UsageErrors.message(new ScheduleRefused("source", "cannot read /x.csv"));
		String runName = UsageErrors.message(new ScheduleRefused("run_name", "run_name: size must be at most 200"));
		String outputFormat = UsageErrors.message(new ScheduleRefused("defaults.output_format", "not served"));

		// then
		assertThat(cap).isEqualTo("--daily-cap-usd must be more than 0 USD");
		assertThat(cron).isEqualTo("--cron: 'x' is not a cron expression");
		assertThat(source).isEqualTo("<source>: cannot read /x.csv");
		assertThat(runName).isEqualTo("--name: size must be at most 200");
		assertThat(outputFormat).isEqualTo("--output-format: not served");
	}

}
