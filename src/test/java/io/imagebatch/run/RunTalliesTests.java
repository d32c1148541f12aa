package io.imagebatch.run;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunTalliesTests {

	private final RunTallies tallies = new RunTallies();

	@Test
	void countsAnIntervalThenStartsAgainFromZeroButKeepsTheCallsInFlight() {
		// given
		this.tallies.callStarted("run-a");
		this.tallies.callStarted("run-a");
		this.tallies.settled("run-a", ItemStatus.SUCCEEDED);
		this.tallies.settled("run-a", ItemStatus.FAILED);
		this.tallies.rateLimitWaited("run-a", 2, Duration.ofMillis(700));
		this.tallies.callEnded("run-a");

		// when
		Map<String, RunTally.Counts> first = this.tallies.drain();
		Map<String, RunTally.Counts> second = this.tallies.drain();

		// then
		assertThat(first).containsExactly(Map.entry("run-a", new RunTally.Counts(1, 1, 1, 2, Duration.ofMillis(700))));
		assertThat(second).containsExactly(Map.entry("run-a", new RunTally.Counts(0, 0, 1, 0, Duration.ZERO)));
	}

	@Test
	void aRunWithNothingToSayIsLeftOutAndForgotten() {
		// given: a call of run-b ended and was sampled
		this.tallies.callStarted("run-b");
		this.tallies.settled("run-b", ItemStatus.SUCCEEDED);
		this.tallies.callEnded("run-b");
		this.tallies.rateLimitWaited("run-c", 0, Duration.ZERO);
		assertThat(this.tallies.drain()).containsOnlyKeys("run-b");

		// when
		Map<String, RunTally.Counts> next = this.tallies.drain();

		// then
		assertThat(next).isEmpty();
	}

}
