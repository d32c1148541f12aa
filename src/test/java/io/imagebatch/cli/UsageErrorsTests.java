package io.imagebatch.cli;

import io.imagebatch.run.RunChangedConcurrently;
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

}
